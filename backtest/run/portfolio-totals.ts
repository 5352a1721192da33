import * as f from '../../engine/metrics/formulas.ts';
import { annualisationInfo } from '../../engine/metrics/snapshot.ts';
import type { AnnualisationInfo } from '../../engine/types.ts';
import type { MetricsTracker } from '../../engine/metrics/tracker.ts';
import type { CorrelationPair, PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import type { OmsReport } from '../../engine/portfolio/oms.ts';

/** Totals over all strategies of a run, each trading its own capital; formulas as in engine/metrics/formulas.ts. */
export interface PortfolioMetrics {
  initialCapital: number;
  finalEquity: number;
  totalReturn: number;
  cagr: number | null;
  sharpeRatio: number | null;
  /** Not annualised: present for any span. */
  sharpePerBar: number | null;
  sortinoRatio: number | null;
  calmarRatio: number | null;
  maxDrawdown: number;
  maxDrawdownDuration: number;
  totalTrades: number;
  winRate: number | null;
  fees: number;
  strategies: number;
  /** Σ w̄_i σ_i / σ_p over period returns (engine/portfolio/analytics.ts); null when undefined. */
  diversificationRatio: number | null;
  /** Each strategy's contribution to totalReturn over the run, by id (they sum to the portfolio's return). */
  attribution: Record<string, number>;
  /** The most correlated strategy pairs (period returns above the threshold, default 0.7), highest first: up to FLAGGED_KEPT. */
  correlatedPairs: CorrelationPair[];
  /** How many pairs are above the threshold in all. */
  correlatedPairsCount: number;
  /** With a portfolio config: allocation, portfolio limits hit, blocked orders, net exposure, netting fee saving. */
  oms: OmsReport | null;
  /** Bars per year of the portfolio curve (its most frequent strategy's), the span, and whether its figures were annualised. */
  annualisation: AnnualisationInfo;
}

interface StrategyTotals {
  metrics: { performance: { totalTrades: number; fees: number; winRate: number | null } };
}

export function portfolioMetrics(tracker: MetricsTracker, strategies: readonly StrategyTotals[], analytics: PortfolioAnalytics | null = null, oms: OmsReport | null = null): PortfolioMetrics {
  const totalTrades = strategies.reduce((a, s) => a + s.metrics.performance.totalTrades, 0);
  const wins = strategies.reduce((a, s) => a + (s.metrics.performance.winRate ?? 0) * s.metrics.performance.totalTrades, 0);
  return {
    initialCapital: tracker.initialCapital,
    finalEquity: tracker.equity,
    totalReturn: f.totalReturn(tracker),
    cagr: f.cagr(tracker),
    sharpeRatio: f.sharpeRatio(tracker),
    sharpePerBar: f.sharpePerBar(tracker),
    sortinoRatio: f.sortinoRatio(tracker),
    calmarRatio: f.calmarRatio(tracker),
    maxDrawdown: tracker.maxDrawdown,
    maxDrawdownDuration: tracker.maxDrawdownDuration,
    totalTrades,
    winRate: totalTrades === 0 ? null : Math.round(wins) / totalTrades,
    fees: strategies.reduce((a, s) => a + s.metrics.performance.fees, 0),
    strategies: strategies.length,
    diversificationRatio: analytics?.diversificationRatio ?? null,
    attribution: analytics?.attribution.total.contributions ?? {},
    correlatedPairs: analytics?.correlation.flagged ?? [],
    correlatedPairsCount: analytics?.correlation.flaggedCount ?? 0,
    oms,
    annualisation: annualisationInfo(tracker),
  };
}
