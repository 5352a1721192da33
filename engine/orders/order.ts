import type { OrderSide } from '../types.ts';

/**
 * The order model: one union of working-order types, each with the price levels it needs. A working order waits
 * for bars; `triggerOrder` (trigger.ts) decides on each bar whether and at what reference price it fills.
 */

/** How long an order works: until cancelled, for N bars after the one it was placed on, or until the session (day) ends. */
export type TimeInForce = { readonly kind: 'gtc' } | { readonly kind: 'bars'; readonly bars: number } | { readonly kind: 'day' };

/** A trailing distance: a fraction of the price, an absolute amount, or a multiple of an ATR value. */
export type Trail = { readonly kind: 'percent'; readonly value: number } | { readonly kind: 'amount'; readonly value: number } | { readonly kind: 'atr'; readonly multiple: number };

interface OrderBase {
  /** Unique within its book; a code strategy's client id when it gave one. */
  readonly id: string;
  readonly side: OrderSide;
  /** Base-asset quantity; 0 means "size at fill time" (entries). */
  readonly quantity: number;
  readonly tif: TimeInForce;
  /** Orders sharing a group cancel each other: the first to fill cancels the rest (one-cancels-other). */
  readonly oco?: string;
}

/** Fills at the bar's open (the next bar after it was placed). */
export interface MarketOrder extends OrderBase {
  readonly type: 'market';
}

/** Fills at `limit` or better once the market reaches it. */
export interface LimitOrder extends OrderBase {
  readonly type: 'limit';
  readonly limit: number;
}

/** Becomes a market order once the market trades at `stop` or worse. */
export interface StopOrder extends OrderBase {
  readonly type: 'stop';
  readonly stop: number;
}

/** Becomes a limit order at `limit` once the market trades at `stop`; `triggered` remembers that across bars. */
export interface StopLimitOrder extends OrderBase {
  readonly type: 'stop_limit';
  readonly stop: number;
  readonly limit: number;
  triggered: boolean;
}

/** A stop whose level follows the market by `trail`, only ever in the order's favour (trailing.ts). */
export interface TrailingStopOrder extends OrderBase {
  readonly type: 'trailing_stop';
  readonly trail: Trail;
  stop: number;
}

export type WorkingOrder = MarketOrder | LimitOrder | StopOrder | StopLimitOrder | TrailingStopOrder;
export type WorkingOrderType = WorkingOrder['type'];

export const GTC: TimeInForce = Object.freeze({ kind: 'gtc' });

/** The TIF in words (manifest and events). */
export function tifText(tif: TimeInForce): string {
  if (tif.kind === 'gtc') return 'good till cancelled';
  if (tif.kind === 'bars') return `${tif.bars} bar${tif.bars === 1 ? '' : 's'}`;
  return 'until the session ends (day)';
}
