import type { Candle, OrderSide } from '../types.ts';
import type { WorkingOrder } from './order.ts';

/** What a bar did to a working order: the reference price it fills at, and whether that is a market fill (slippage applies) or a limit fill (exact). */
export interface Trigger {
  price: number;
  kind: 'market' | 'limit';
  /** True when the bar opened through the order's level, so the fill is at the open (it happened first in the bar). */
  atOpen: boolean;
}

/** An empty trigger to be written into (no allocation per bar). */
export function newTrigger(): Trigger {
  return { price: 0, kind: 'market', atOpen: false };
}

/**
 * The one bar-based fill function: does `bar` fill `order`, and at what reference? Writes into `out` and returns
 * true, or returns false and leaves the order working. Pure except for a stop-limit's `triggered` flag.
 *
 * Rules (each named in fill-rules.ts and backtest/REFERENCE.md):
 * - market: the bar's open;
 * - limit (limit_fill, limit_gap_open): a buy fills at the open when the bar opens at or below the limit, else at
 *   the limit when the low reaches limit·(1 − penetration); sells mirror it;
 * - stop / trailing stop (stop_fill, stop_gap_open): a buy stop triggers at the open when the bar opens at or
 *   above the stop, else at the stop when the high reaches it; a market fill;
 * - stop-limit (stop_limit_fill): once triggered it is a limit; on the trigger bar see stopLimit below.
 */
export function triggerOrder(order: WorkingOrder, bar: Candle, penetration: number, out: Trigger): boolean {
  switch (order.type) {
    case 'market':
      return set(out, bar.open, 'market', true);
    case 'limit':
      return limitFill(order.side, order.limit, bar, penetration, out);
    case 'stop':
    case 'trailing_stop':
      return stopFill(order.side, order.stop, bar, out);
    case 'stop_limit':
      return stopLimit(order, bar, penetration, out);
  }
}

/** A limit of `side` at `limit` against one bar. */
export function limitFill(side: OrderSide, limit: number, bar: Candle, penetration: number, out: Trigger): boolean {
  if (side === 'buy') {
    if (bar.open <= limit) return set(out, bar.open, 'limit', true);
    if (bar.low <= limit * (1 - penetration)) return set(out, limit, 'limit', false);
  } else {
    if (bar.open >= limit) return set(out, bar.open, 'limit', true);
    if (bar.high >= limit * (1 + penetration)) return set(out, limit, 'limit', false);
  }
  return false;
}

/** A stop of `side` at `stop` against one bar (a buy stop is above the market, a sell stop below). */
export function stopFill(side: OrderSide, stop: number, bar: Candle, out: Trigger): boolean {
  if (side === 'buy') {
    if (bar.open >= stop) return set(out, bar.open, 'market', true);
    if (bar.high >= stop) return set(out, stop, 'market', false);
  } else {
    if (bar.open <= stop) return set(out, bar.open, 'market', true);
    if (bar.low <= stop) return set(out, stop, 'market', false);
  }
  return false;
}

/**
 * A stop-limit: once triggered (on an earlier bar) a plain limit. On the bar that triggers it:
 * - opening through the stop: the limit rule applies to the whole bar (the open first);
 * - reaching the stop inside the bar: a buy fills at the stop when the limit is at or above it (the market was at
 *   the stop, within the limit), at the limit when the bar closes at or below the limit (it came back through
 *   it after the trigger), else it keeps working as a limit from the next bar. Sells mirror it.
 */
function stopLimit(order: WorkingOrder & { type: 'stop_limit' }, bar: Candle, penetration: number, out: Trigger): boolean {
  if (order.triggered) return limitFill(order.side, order.limit, bar, penetration, out);
  const buy = order.side === 'buy';
  if (buy ? bar.open >= order.stop : bar.open <= order.stop) {
    order.triggered = true;
    return limitFill(order.side, order.limit, bar, penetration, out);
  }
  if (!(buy ? bar.high >= order.stop : bar.low <= order.stop)) return false;
  order.triggered = true;
  if (buy ? order.limit >= order.stop : order.limit <= order.stop) return set(out, order.stop, 'limit', false);
  if (buy ? bar.close <= order.limit : bar.close >= order.limit) return set(out, order.limit, 'limit', false);
  return false;
}

function set(out: Trigger, price: number, kind: Trigger['kind'], atOpen: boolean): true {
  out.price = price;
  out.kind = kind;
  out.atOpen = atOpen;
  return true;
}
