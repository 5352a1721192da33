import type { StrategyConfig } from '../config/schema.ts';
import type { IndicatorManager } from '../indicators/indicator-manager.ts';
import { compileRule, type CompiledRule } from '../rules/index.ts';
import { ruleConfidence } from './confidence.ts';
import { BarView, buildRuleScope } from './rule-scope.ts';
import type { Intent, Strategy, StrategyContext } from './strategy.ts';

interface CompiledEntry {
  rule: CompiledRule;
  confidence: number;
}

/**
 * The JSON rule strategy: entry/exit (and, with allowShort, shortEntry/shortExit) conditions compiled once
 * into one function each. Every rule is tested on every bar, whatever the position, so crossings, lookbacks
 * and windows advance exactly once per closed bar (an entry window keeps counting while a position is open).
 */
export class RuleStrategy implements Strategy {
  private readonly bar = new BarView();
  private readonly entry: CompiledEntry;
  private readonly exit: CompiledEntry | null;
  private readonly shortEntry: CompiledEntry | null;
  private readonly shortExit: CompiledEntry | null;
  private readonly addOn: CompiledEntry | null;
  /** orders.reverse: an opposite entry while a position is open flips it. */
  private readonly reverse: boolean;
  // Intents are reused: the instance reads them immediately and never keeps them.
  private readonly intent: Intent = { action: 'HOLD', confidence: 0, reason: '', reverse: false, oppositeEntry: undefined };
  /** The deepest rule's lookback (CompiledRule.depth). */
  readonly lookback: number;

  /** `series`: the informative series' last bars by alias, read by rules as `close@alias`. */
  constructor(config: StrategyConfig, indicators: IndicatorManager, series: ReadonlyMap<string, BarView> = new Map()) {
    const rules = config.rules;
    if (!rules) throw new Error('RuleStrategy needs "rules"');
    const scope = buildRuleScope(indicators, this.bar, series);
    const build = (r: { condition: string; confidence: number } | undefined, path: string): CompiledEntry | null =>
      r ? { rule: compileRule(r.condition, scope, `rules.${path}.condition`), confidence: r.confidence } : null;
    this.entry = build(rules.entry, 'entry')!;
    this.exit = build(rules.exit, 'exit');
    this.shortEntry = build(rules.shortEntry, 'shortEntry');
    this.shortExit = build(rules.shortExit, 'shortExit');
    this.addOn = build(rules.addOn, 'addOn');
    this.reverse = config.orders?.reverse === true;
    this.lookback = Math.max(...[this.entry, this.exit, this.shortEntry, this.shortExit, this.addOn].map((e) => e?.rule.depth ?? 0));
  }

  /**
   * Long: the opposite entry flips it (with orders.reverse), else the exit closes it (reporting an opposite entry
   * that fired on the same bar), else addOn adds to it. Short mirrors it. Flat: entry, else shortEntry.
   */
  onCandle(ctx: StrategyContext): Intent | null {
    this.bar.candle = ctx.candle;
    const entry = this.entry.rule.test();
    const exit = this.exit !== null && this.exit.rule.test();
    const shortEntry = this.shortEntry !== null && this.shortEntry.rule.test();
    const shortExit = this.shortExit !== null && this.shortExit.rule.test();
    const addOn = this.addOn !== null && this.addOn.rule.test();
    const side = ctx.position?.side ?? null;
    if (side === 'long') {
      if (shortEntry && this.reverse) return this.say('SELL', this.shortEntry!, 'shortEntry', true);
      if (exit) return this.say('SELL', this.exit!, 'exit', false, shortEntry ? `shortEntry (${this.shortEntry!.rule.source})` : undefined);
      if (addOn) return this.say('BUY', this.addOn!, 'addOn');
    }
    if (side === 'short') {
      if (entry && this.reverse) return this.say('BUY', this.entry, 'entry', true);
      if (shortExit) return this.say('BUY', this.shortExit!, 'shortExit', false, entry ? `entry (${this.entry.rule.source})` : undefined);
      if (addOn) return this.say('SELL', this.addOn!, 'addOn');
    }
    if (side === null && entry) return this.say('BUY', this.entry, 'entry');
    if (side === null && shortEntry) return this.say('SELL', this.shortEntry!, 'shortEntry');
    return null;
  }

  private say(action: Intent['action'], e: CompiledEntry, which: string, reverse = false, oppositeEntry?: string): Intent {
    this.intent.action = action;
    this.intent.reverse = reverse;
    this.intent.oppositeEntry = oppositeEntry;
    this.intent.confidence = ruleConfidence(e.confidence, e.rule.support());
    this.intent.reason = `${which}: ${e.rule.source}`;
    return this.intent;
  }
}
