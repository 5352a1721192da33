import { declaredSeries } from '../config/series.ts';
import type { StrategyConfig } from '../config/schema.ts';
import { IndicatorManager } from '../indicators/indicator-manager.ts';
import { RuleStrategy } from './rule-strategy.ts';
import { seriesStates } from './series-state.ts';
import type { StrategyFactory } from './strategy.ts';

/** How many closed bars of one series a strategy reads before its first decision can be the one a long run makes. */
export interface HistoryNeed {
  readonly symbol: string;
  readonly timeframe: string;
  /** null for the primary series. */
  readonly alias: string | null;
  readonly bars: number;
}

/**
 * Bars each declared series must deliver before the strategy is warm: the warm-up of the indicators bound to
 * that series plus the strategy's own lookback (a rule's deepest window or `[n]`, or a code strategy's declared
 * `lookback`). The lookback is counted on every series because a rule may read `close@h4[3]` as deep as the
 * primary. Built from a throwaway strategy, exactly as an instance builds it, so the figure cannot drift from
 * what the instance keeps in its history buffer.
 */
export function historyNeeds(config: StrategyConfig, factory?: StrategyFactory): HistoryNeed[] {
  const indicators = new IndicatorManager(config.indicators);
  const strategy = config.module
    ? (factory ?? missing(config))(config, indicators)
    : new RuleStrategy(config, indicators, seriesStates(config));
  const lookback = strategy.lookback ?? 0;
  return declaredSeries(config).map((s) => ({
    symbol: s.symbol,
    timeframe: s.timeframe,
    alias: s.alias,
    bars: (s.alias === null ? Math.max(indicators.warmupOf(null), 1) : indicators.warmupOf(s.alias)) + lookback,
  }));
}

function missing(config: StrategyConfig): never {
  throw new Error(`strategy ${config.id ?? config.name ?? config.symbol}: module "${config.module}" was not loaded`);
}
