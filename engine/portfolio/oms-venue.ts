import type { GateContext } from '../execution/order-gate.ts';
import type { ExecutionVenue, VenueOrderKind, VenueResult } from '../execution/venue.ts';
import type { Order, OrderSide } from '../types.ts';
import type { ReturnWindow } from './allocation.ts';
import type { PositionSlot } from './exposure.ts';
import type { SymbolNetting } from './netting.ts';

/** What the OMS keeps per strategy: its exposure slot, venue, netting group, capital, weight and equity. */
export interface Slot extends PositionSlot {
  readonly index: number;
  readonly id: string;
  inner: ExecutionVenue;
  netting: SymbolNetting;
  capital: number;
  weight: number;
  fixedWeight: number | undefined;
  /** Last equity reported by onBar (the capital before the first bar). */
  equity: number;
  /** Set when the instance was rebuilt: its account may be fresh, so a position we count may be gone. */
  verify: boolean;
  window: ReturnWindow | null;
  blocked: number;
  /** Its positions in other symbols it trades (engine/portfolio/oms-legs.ts), by symbol; null until the first. */
  legs: Map<string, Slot> | null;
  /** For a leg: the strategy's own slot. */
  owner: Slot | null;
}

/** What the venue wrapper tells the OMS: the time a fill happens at, and each fill. */
export interface FillListener {
  sync(time: number | null): void;
  onFill(slot: Slot, order: Order, side: OrderSide, quantity: number, price: number, fee: number, time: number): void;
}

/** Wraps a strategy's venue: fills as the venue says, and tells the OMS about each one. */
export class OmsVenue implements ExecutionVenue {
  readonly feeRate: number;

  constructor(
    private readonly oms: FillListener,
    private readonly slot: Slot,
    private readonly inner: ExecutionVenue,
  ) {
    this.feeRate = inner.feeRate;
  }

  quote(side: OrderSide, reference: number, kind: VenueOrderKind): number {
    return this.inner.quote(side, reference, kind);
  }

  execute(order: Order, quantity: number, reference: number, time: number, kind: VenueOrderKind): VenueResult {
    this.oms.sync(this.slot.ctx.lastTime);
    const r = this.inner.execute(order, quantity, reference, time, kind);
    if (r.ok) this.oms.onFill(this.slot, order, order.side, quantity, r.price, r.fee, time);
    return r;
  }
}

/** A new slot for a strategy's first venue (its exposure symbol is attached by the caller). */
export function newSlot(index: number, strategy: GateContext, inner: ExecutionVenue, netting: SymbolNetting, capital: number): Omit<Slot, 'sym'> & { sym: Slot['sym'] | null } {
  return { index, id: strategy.id, ctx: strategy, sym: null, openQty: 0, openSign: 0, reserved: 0, inner, netting, capital, weight: 0, fixedWeight: undefined, equity: capital, verify: false, window: null, blocked: 0, legs: null, owner: null };
}
