import * as f from '../engine/metrics/formulas.ts';
import type { MetricsTracker } from '../engine/metrics/tracker.ts';

/** Totals over all strategies of a run, each trading its own capital; formulas as in engine/metrics/formulas.ts. */
export interface PortfolioMetrics {
  initialCapital: number;
  finalEquity: number;
  totalReturn: number;
  cagr: number | null;
  sharpeRatio: number | null;
  sortinoRatio: number | null;
  calmarRatio: number | null;
  maxDrawdown: number;
  maxDrawdownDuration: number;
  totalTrades: number;
  winRate: number | null;
  fees: number;
  strategies: number;
}

interface StrategyTotals {
  metrics: { performance: { totalTrades: number; fees: number; winRate: number | null } };
}

export function portfolioMetrics(tracker: MetricsTracker, strategies: readonly StrategyTotals[]): PortfolioMetrics {
  const totalTrades = strategies.reduce((a, s) => a + s.metrics.performance.totalTrades, 0);
  const wins = strategies.reduce((a, s) => a + (s.metrics.performance.winRate ?? 0) * s.metrics.performance.totalTrades, 0);
  return {
    initialCapital: tracker.initialCapital,
    finalEquity: tracker.equity,
    totalReturn: f.totalReturn(tracker),
    cagr: f.cagr(tracker),
    sharpeRatio: f.sharpeRatio(tracker),
    sortinoRatio: f.sortinoRatio(tracker),
    calmarRatio: f.calmarRatio(tracker),
    maxDrawdown: tracker.maxDrawdown,
    maxDrawdownDuration: tracker.maxDrawdownDuration,
    totalTrades,
    winRate: totalTrades === 0 ? null : Math.round(wins) / totalTrades,
    fees: strategies.reduce((a, s) => a + s.metrics.performance.fees, 0),
    strategies: strategies.length,
  };
}
