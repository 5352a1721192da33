import type { StrategyConfig } from '../config/schema.ts';
import type { Account } from '../execution/account.ts';
import { isoTime } from '../iso-time.ts';
import type { AnnualisationInfo, Signal, StrategyMetrics, StrategyStatus } from '../types.ts';
import * as f from './formulas.ts';
import { riskScore } from './risk-score.ts';
import type { MetricsTracker } from './tracker.ts';
import type { MarginBook } from '../execution/margin.ts';

/** What a metrics snapshot reads of a strategy instance: a read-only view, so metrics need not know the instance class. */
export interface MetricsView {
  readonly id: string;
  readonly config: Pick<StrategyConfig, 'name' | 'risk'>;
  readonly status: StrategyStatus;
  readonly metrics: MetricsTracker;
  readonly account: Pick<Account, 'position' | 'positions' | 'cash' | 'equityAt' | 'unrealizedAt' | 'notionalAt' | 'realizedPnL' | 'fees'>;
  /** True when the strategy may hold positions in symbols other than its own (the snapshot then lists them all). */
  readonly tradesOtherSymbols: boolean;
  readonly lastPrice: number | null;
  readonly lastTime: number | null;
  readonly lastSignal: Signal | null;
  readonly violatedLimits: readonly string[];
  /** Margin state (engine/execution/margin.ts); null or absent for spot. */
  readonly margin?: MarginBook | null;
}

/** The annualisation block of metrics: bars per year and their basis, the span, and the reason for nulls. */
export function annualisationInfo(m: MetricsTracker): AnnualisationInfo {
  const span = f.spanDays(m);
  const reason = f.annualisedNullReason(m);
  return { periodsPerYear: m.barsPerYear, basis: m.annualisationBasis, spanDays: span === null ? null : Math.round(span * 1000) / 1000, minimumSpanDays: f.MINIMUM_SPAN_DAYS, applied: reason === null, reason };
}

/** The StrategyMetrics of an instance (the design document's metrics block), computed on demand (never per bar). */
export function buildMetrics(s: MetricsView): StrategyMetrics {
  const m = s.metrics;
  const price = s.lastPrice;
  const position = s.account.position;
  const equity = price === null ? s.account.cash : s.account.equityAt(price);
  // Gross exposure: every open position's notional at its own last price, over equity.
  const exposure = price !== null && equity > 0 ? s.account.notionalAt(price) / equity : 0;
  const time = s.lastTime;
  return {
    id: s.id,
    name: s.config.name ?? s.id,
    status: s.status,
    performance: {
      totalReturn: f.totalReturn(m),
      winRate: f.winRate(m),
      sharpeRatio: f.sharpeRatio(m),
      sharpePerBar: f.sharpePerBar(m),
      maxDrawdown: m.maxDrawdown,
      totalTrades: m.trades,
      cagr: f.cagr(m),
      averageTrade: f.averageTrade(m),
      profitFactor: f.profitFactor(m),
      expectancy: f.expectancy(m),
      sortinoRatio: f.sortinoRatio(m),
      calmarRatio: f.calmarRatio(m),
      maxDrawdownDuration: m.maxDrawdownDuration,
      exposure: f.exposure(m),
      realizedPnL: s.account.realizedPnL,
      fees: s.account.fees,
      equity,
      bars: m.bars,
    },
    annualisation: annualisationInfo(m),
    current: {
      position: position ? { ...position } : null,
      ...(s.tradesOtherSymbols ? { positions: s.account.positions.map((p) => ({ ...p })) } : {}),
      unrealizedPnL: price === null ? 0 : s.account.unrealizedAt(price),
      lastSignal: s.lastSignal,
      lastUpdate: time === null ? null : isoTime(time),
    },
    ...(s.margin ? { margin: s.margin.report(position) } : {}),
    risk: {
      currentExposure: exposure,
      riskScore: riskScore(exposure, s.config.risk.maxPositionSize ?? 1, m.drawdown, s.config.risk.maxDrawdown ?? 0.5),
      violatedLimits: [...s.violatedLimits],
    },
  };
}
