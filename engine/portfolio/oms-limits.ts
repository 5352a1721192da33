import type { GateVerdict } from '../execution/order-gate.ts';
import type { Order } from '../types.ts';
import type { PortfolioLimits } from './config.ts';
import type { ExposureBook } from './exposure.ts';
import { PORTFOLIO_LIMIT, type BlockedOrder } from './oms-types.ts';
import type { Slot } from './oms-venue.ts';
import { formatPercent } from '../format.ts';

const APPROVED: GateVerdict = { blocked: false };

function block(limit: string, detail: string): GateVerdict {
  return { blocked: true, limit, detail };
}

function ratio(n: number, equity: number): number {
  return equity > 0 ? n / equity : Infinity;
}

const pct = (x: number) => formatPercent(x);

/** What the limit check reads of the OMS at the moment an entry order is reviewed. */
export interface LimitInputs {
  /** Set once the portfolio drawdown reached its limit: new entries stay halted. */
  halted(): { time: number; drawdown: number } | null;
  /** Portfolio equity of the last completed event time (what exposure limits divide by). */
  settledEquity(): number;
  /** Drops a rebuilt strategy's position if its fresh account no longer holds it. */
  verify(slot: Slot): void;
  /** The entry's notional as it would be sized now. */
  estimateNotional(order: Order, slot: Slot): number;
}

/**
 * The portfolio limits on entry orders: the drawdown halt, open positions, gross and per-symbol exposure. An
 * approved entry reserves its estimated notional until it fills or the strategy acts again.
 */
export function checkLimits(order: Order, slot: Slot, lim: PortfolioLimits, x: ExposureBook, state: LimitInputs): GateVerdict {
  const halted = state.halted();
  if (lim.maxDrawdown !== undefined && halted !== null) {
    return block(PORTFOLIO_LIMIT.maxDrawdown, `portfolio drawdown ${pct(halted.drawdown)} reached the ${pct(lim.maxDrawdown)} limit; new entries are halted`);
  }
  const exposureLimits = lim.maxGrossExposure !== undefined || lim.maxSymbolExposure !== undefined;
  if (lim.maxOpenPositions === undefined && !exposureLimits) return APPROVED;
  if (slot.verify) state.verify(slot);
  x.unreserve(slot);
  x.prunePending();
  const open = x.openCount + x.pending.length;
  if (lim.maxOpenPositions !== undefined && open + 1 > lim.maxOpenPositions) {
    return block(PORTFOLIO_LIMIT.maxOpenPositions, `${open} position(s) open or pending; the limit is ${lim.maxOpenPositions}`);
  }
  const estimate = exposureLimits ? state.estimateNotional(order, slot) : 0;
  if (exposureLimits) {
    const equity = state.settledEquity();
    const gross = x.grossNotional(order.symbol);
    const symbolGross = x.symbolGross;
    if (lim.maxGrossExposure !== undefined) {
      const after = ratio(gross + estimate, equity);
      if (after > lim.maxGrossExposure * (1 + 1e-12)) {
        return block(PORTFOLIO_LIMIT.maxGrossExposure, `gross exposure would be ${pct(after)} of portfolio equity; the limit is ${pct(lim.maxGrossExposure)}`);
      }
    }
    if (lim.maxSymbolExposure !== undefined) {
      const after = ratio(symbolGross + estimate, equity);
      if (after > lim.maxSymbolExposure * (1 + 1e-12)) {
        return block(PORTFOLIO_LIMIT.maxSymbolExposure, `${order.symbol} exposure would be ${pct(after)} of portfolio equity; the limit is ${pct(lim.maxSymbolExposure)}`);
      }
    }
  }
  x.reserve(slot, estimate);
  return APPROVED;
}

/** Every order a portfolio limit blocked, counted per limit, and the limits ever violated (in first-seen order). */
export class BlockLog {
  readonly blocks: BlockedOrder[] = [];
  readonly counts = new Map<string, number>();
  readonly violated: string[] = [];

  record(order: Order, slot: Slot, limit: string, detail: string): void {
    slot.blocked++;
    this.counts.set(limit, (this.counts.get(limit) ?? 0) + 1);
    this.noteViolation(limit);
    this.blocks.push({ time: order.createdAt, strategyId: slot.id, orderId: order.id, symbol: order.symbol, limit, detail });
  }

  noteViolation(limit: string): void {
    if (!this.violated.includes(limit)) this.violated.push(limit);
  }
}
