import type { BothTouchedPolicy } from '../orders/fill-rules.ts';
import { limitFill, newTrigger, stopFill } from '../orders/trigger.ts';
import type { Candle, OrderSide, Position } from '../types.ts';

/** A protective exit a bar triggered: the reference price it fills at, and why. */
export interface StopTrigger {
  price: number;
  reason: 'stop_loss' | 'trailing_stop' | 'take_profit';
}

// Scratch triggers (the engine is single-threaded; no allocation per bar).
const stopHit = newTrigger();
const targetHit = newTrigger();

/**
 * Stop loss (or trailing stop) and take profit of `position` against one bar, as the two children of one OCO
 * bracket, through the order model's trigger rules (engine/orders/trigger.ts); writes into `out`, returns false
 * when neither is touched:
 * - a gap through the stop fills at the open (worse than the stop); a gap through the target at the open (better);
 * - when the bar touches both inside it, `bothTouched` decides: `stop_first` (default, pessimistic: the intrabar
 *   path is unknown) or `target_first`;
 * - otherwise a touched stop or target fills at its own price.
 * A stop is a market order (the caller applies slippage), a take-profit a limit order (no slippage).
 */
export function stopTrigger(position: Position, bar: Candle, out: StopTrigger, bothTouched: BothTouchedPolicy = 'stop_first', penetration = 0): boolean {
  const exit: OrderSide = position.side === 'long' ? 'sell' : 'buy';
  const stop = position.stopPrice;
  const tp = position.takeProfitPrice;
  const s = stop !== null && stopFill(exit, stop, bar, stopHit);
  const t = tp !== null && limitFill(exit, tp, bar, penetration, targetHit);
  if (!s && !t) return false;
  if (s && (!t || stopHit.atOpen || (!targetHit.atOpen && bothTouched === 'stop_first'))) {
    out.price = stopHit.price;
    out.reason = position.stopIsTrailing ? 'trailing_stop' : 'stop_loss';
  } else {
    out.price = targetHit.price;
    out.reason = 'take_profit';
  }
  return true;
}
