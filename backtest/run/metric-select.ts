import * as f from '../../engine/metrics/formulas.ts';
import type { MetricsTracker } from '../../engine/metrics/tracker.ts';
import type { StrategyMetrics } from '../../engine/types.ts';

/** The performance block of StrategyMetrics: what sweeps rank and walk-forward windows report. */
export type Performance = StrategyMetrics['performance'];

/** Metrics a sweep or walk-forward can optimise, by the name `--metric` takes. */
export const RANK_METRICS = {
  sharpe_per_bar: { get: (p: Performance) => p.sharpePerBar, higherIsBetter: true },
  sharpe: { get: (p: Performance) => p.sharpeRatio, higherIsBetter: true },
  sortino: { get: (p: Performance) => p.sortinoRatio, higherIsBetter: true },
  return: { get: (p: Performance) => p.totalReturn, higherIsBetter: true },
  cagr: { get: (p: Performance) => p.cagr, higherIsBetter: true },
  calmar: { get: (p: Performance) => p.calmarRatio, higherIsBetter: true },
  drawdown: { get: (p: Performance) => p.maxDrawdown, higherIsBetter: false },
  winrate: { get: (p: Performance) => p.winRate, higherIsBetter: true },
  profit_factor: { get: (p: Performance) => p.profitFactor, higherIsBetter: true },
  expectancy: { get: (p: Performance) => p.expectancy, higherIsBetter: true },
  trades: { get: (p: Performance) => p.totalTrades, higherIsBetter: true },
  final_equity: { get: (p: Performance) => p.equity, higherIsBetter: true },
} as const;

export type RankMetric = keyof typeof RANK_METRICS;

export function isRankMetric(name: string): name is RankMetric {
  return Object.hasOwn(RANK_METRICS, name);
}

/** The metric's value, or null when it is undefined (no trades, zero variance) or not finite. */
export function metricValue(metric: RankMetric, p: Performance): number | null {
  const v = RANK_METRICS[metric].get(p);
  return v === null || !Number.isFinite(v) ? null : v;
}

/**
 * Orders scores best first (ties by the smaller key, so rankings never depend on completion order);
 * null scores go last.
 */
export function compareScores(metric: RankMetric, a: number | null, b: number | null, keyA: number, keyB: number): number {
  if (a === null || b === null) return a === b ? keyA - keyB : a === null ? 1 : -1;
  const d = RANK_METRICS[metric].higherIsBetter ? b - a : a - b;
  return d !== 0 ? d : keyA - keyB;
}

/** Table columns for every performance figure, snake_case, in a fixed order. */
export const PERFORMANCE_COLUMNS: readonly [string, (p: Performance) => number | null][] = [
  ['total_return', (p) => p.totalReturn],
  ['sharpe', (p) => p.sharpeRatio],
  ['sharpe_per_bar', (p) => p.sharpePerBar],
  ['sortino', (p) => p.sortinoRatio],
  ['max_drawdown', (p) => p.maxDrawdown],
  ['cagr', (p) => p.cagr],
  ['calmar', (p) => p.calmarRatio],
  ['win_rate', (p) => p.winRate],
  ['trades', (p) => p.totalTrades],
  ['profit_factor', (p) => p.profitFactor],
  ['expectancy', (p) => p.expectancy],
  ['average_trade', (p) => p.averageTrade],
  ['exposure', (p) => p.exposure],
  ['max_drawdown_duration', (p) => p.maxDrawdownDuration],
  ['realized_pnl', (p) => p.realizedPnL],
  ['fees', (p) => p.fees],
  ['final_equity', (p) => p.equity],
  ['bars', (p) => p.bars],
];

/** Performance of an equity curve fed to a tracker outside an instance (test windows, stitched OOS curves). */
export function trackerPerformance(t: MetricsTracker, realizedPnL: number, fees: number): Performance {
  return {
    totalReturn: f.totalReturn(t),
    winRate: f.winRate(t),
    sharpeRatio: f.sharpeRatio(t),
    sharpePerBar: f.sharpePerBar(t),
    maxDrawdown: t.maxDrawdown,
    totalTrades: t.trades,
    cagr: f.cagr(t),
    averageTrade: f.averageTrade(t),
    profitFactor: f.profitFactor(t),
    expectancy: f.expectancy(t),
    sortinoRatio: f.sortinoRatio(t),
    calmarRatio: f.calmarRatio(t),
    maxDrawdownDuration: t.maxDrawdownDuration,
    exposure: f.exposure(t),
    realizedPnL,
    fees,
    equity: t.equity,
    bars: t.bars,
  };
}
