import type { AllocationSettings, PortfolioLimits } from './config.ts';
import type { ExposureBook } from './exposure.ts';
import type { NettingBook } from './netting.ts';
import type { BlockLog } from './oms-limits.ts';
import { DEFAULT_LOOKBACK, type AllocationSnapshot, type OmsReport } from './oms-types.ts';
import type { Slot } from './oms-venue.ts';

/** Everything the report is made of, read from the OMS after its pending bar reports were applied. */
export interface ReportInputs {
  capital: number;
  idleCash: number;
  equity: number;
  allocation: AllocationSettings | null;
  slots: readonly Slot[];
  history: readonly AllocationSnapshot[];
  limits: PortfolioLimits;
  blockLog: BlockLog;
  halted: { time: number; drawdown: number } | null;
  /** Deepest portfolio drawdown, or null when the OMS does not follow equity over time. */
  maxDrawdown: number | null;
  exposure: ExposureBook;
  book: NettingBook;
}

/** What the OMS did: capital and equity, allocation weights and their history, limits and blocks, net exposure, venue totals. */
export function omsReport(r: ReportInputs): OmsReport {
  const a = r.allocation;
  return {
    capital: r.capital,
    idleCash: r.idleCash,
    equity: r.equity,
    netting: r.book.netting,
    allocation: a && {
      mode: a.mode,
      rebalance: a.rebalance,
      lookback: a.mode === 'volatility' ? (a.lookback ?? DEFAULT_LOOKBACK) : null,
      targetVolatility: a.targetVolatility ?? null,
      weights: r.slots.map((s) => ({ id: s.id, weight: s.weight })),
      history: r.history.map((h) => ({ time: h.time, weights: [...h.weights] })),
    },
    limits: { ...r.limits },
    violatedLimits: [...r.blockLog.violated],
    blocked: {
      total: r.blockLog.blocks.length,
      byLimit: Object.fromEntries(r.blockLog.counts),
      byStrategy: Object.fromEntries(r.slots.filter((s) => s.blocked > 0).map((s) => [s.id, s.blocked])),
    },
    halted: r.halted && { ...r.halted },
    maxDrawdown: r.maxDrawdown,
    netExposure: [...r.exposure.symbols]
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .map((x) => ({ symbol: x.symbol, quantity: x.net, notional: x.net * r.exposure.price(x) })),
    venue: r.book.report(),
  };
}
