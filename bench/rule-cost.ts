import { parseStrategyConfig } from '../engine/config/parse.ts';
import { IndicatorManager } from '../engine/indicators/indicator-manager.ts';
import { compileRule, type RuleScope } from '../engine/rules/index.ts';
import { BarView, buildRuleScope } from '../engine/strategy/rule-scope.ts';
import type { Candle } from '../engine/types.ts';
import { median, startTimer } from './harness.ts';
import { emaRsiMacdConfig } from './strategies.ts';

/** The rules whose test() is timed: a plain two-comparison rule, the fleet's crossing rule, and rules with lookbacks and windows. */
export const TIMED_RULES = [
  { label: 'plain', rule: 'close > ema AND rsi < 30' },
  { label: 'crossing', rule: 'macd_crossover_bullish AND rsi < 70 AND close > ema' },
  { label: 'lookback + highest', rule: 'close > highest(high, 20)[1] AND rsi[1] < 30' },
  { label: 'sma, ema, stdev, bars_since', rule: 'sma(close, 20) > ema(close, 50) AND stdev(close, 20) < 50 AND bars_since(crosses_above(close, highest(high, 20)[1])) < 5' },
] as const;

/**
 * A scope over values recorded beforehand from the benchmark strategy's real indicators, so the timed loop
 * runs the rule alone: its getters read one Float64Array slot each (`cursor.i` is the bar).
 */
function recordedScope(candles: readonly Candle[]): { scope: RuleScope; cursor: { i: number } } {
  const indicators = new IndicatorManager(parseStrategyConfig(emaRsiMacdConfig(0)).indicators);
  const bar = new BarView();
  const live = buildRuleScope(indicators, bar);
  const names = live.names().filter((n) => live.value(n) !== null);
  const getters = names.map((n) => live.value(n)!);
  const columns = names.map(() => new Float64Array(candles.length));
  candles.forEach((c, i) => {
    indicators.update(c);
    bar.candle = c;
    for (let k = 0; k < names.length; k++) columns[k][i] = getters[k]();
  });
  const cursor = { i: 0 };
  const scope: RuleScope = {
    value(name) {
      const k = names.indexOf(name);
      if (k < 0) return null;
      const column = columns[k];
      return () => column[cursor.i];
    },
    event: (name) => live.event(name),
    names: () => live.names(),
  };
  return { scope, cursor };
}

/** Median ns per test() of each timed rule over `candles`, `runs` runs of a freshly compiled rule each. */
export function ruleTestCosts(candles: readonly Candle[], runs: number): { label: string; rule: string; ns: number; runs: number[]; hits: number }[] {
  const { scope, cursor } = recordedScope(candles);
  return TIMED_RULES.map(({ label, rule }) => {
    const samples: number[] = [];
    let hits = 0;
    for (let r = 0; r <= runs; r++) {
      const compiled = compileRule(rule, scope, 'bench');
      hits = 0;
      const stop = startTimer();
      for (let i = 0; i < candles.length; i++) {
        cursor.i = i;
        if (compiled.test()) hits++;
      }
      const t = stop();
      if (r > 0) samples.push(t.wallNs / candles.length); // run 0 warms the JIT
    }
    return { label, rule, ns: median(samples), runs: samples, hits };
  });
}
