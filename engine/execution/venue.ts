import type { Order, OrderSide } from '../types.ts';
import { FillModel, type ExecutionSettings } from './fill-model.ts';

/**
 * How an order meets the market: `market` fills at the reference moved by slippage against the trader;
 * `limit` fills exactly at the reference (a touched take-profit level, or a gap through it at the open).
 */
export type VenueOrderKind = 'market' | 'limit';

/** A venue's answer: the fill price and fee, or a rejection with its reason (never thrown). */
export type VenueResult = { readonly ok: true; readonly price: number; readonly fee: number } | { readonly ok: false; readonly reason: string };

/**
 * The port through which every order reaches an execution venue. The simulated venue (below) prices fills
 * from bars; a real exchange adapter lives outside the engine and implements the same interface.
 *
 * Entries are sized at fill time from the price the venue quotes, so a venue offers `quote` (the price it
 * expects to fill at) besides `execute` (the fill itself, for a resolved quantity).
 */
export interface ExecutionVenue {
  /** Fee per unit of notional (0.001 = 10 bps); sizing reserves it so a position never costs more than the base. */
  readonly feeRate: number;
  /** The price an order of `side` is expected to fill at for this reference. */
  quote(side: OrderSide, reference: number, kind: VenueOrderKind): number;
  /** Fills `quantity` of `order` (tagged with its strategy) against the reference price at `time`. */
  execute(order: Order, quantity: number, reference: number, time: number, kind: VenueOrderKind): VenueResult;
}

/** Bar-based simulated execution on a FillModel: slippage on market orders, fees in basis points, never rejects. */
export class SimulatedVenue implements ExecutionVenue {
  readonly model: FillModel;
  readonly feeRate: number;

  constructor(model: FillModel | ExecutionSettings) {
    this.model = model instanceof FillModel ? model : new FillModel(model);
    this.feeRate = this.model.feeRate;
  }

  quote(side: OrderSide, reference: number, kind: VenueOrderKind): number {
    return kind === 'limit' ? reference : this.model.marketPrice(side, reference);
  }

  execute(order: Order, quantity: number, reference: number, _time: number, kind: VenueOrderKind): VenueResult {
    const price = kind === 'limit' ? reference : this.model.marketPrice(order.side, reference);
    return { ok: true, price, fee: this.model.fee(quantity, price) };
  }
}
