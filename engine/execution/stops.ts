import type { Candle, Position } from '../types.ts';

/** A protective exit a bar triggered: the reference price it fills at, and why. */
export interface StopTrigger {
  price: number;
  reason: 'stop_loss' | 'take_profit';
}

/**
 * Stop loss and take profit of `position` against one bar, writing into `out` (no allocation per bar).
 * Returns false when neither is touched. Rules, in order:
 * - a gap through the stop fills at the open (worse than the stop);
 * - a gap through the take-profit fills at the open (better than the target);
 * - when the bar touches both, the stop is assumed to come first (the pessimistic choice: the intrabar path
 *   is unknown);
 * - otherwise a touched stop or target fills at its own price.
 * A stop is a market order (the caller applies slippage), a take-profit a limit order (no slippage).
 */
export function stopTrigger(position: Position, bar: Candle, out: StopTrigger): boolean {
  const long = position.side === 'long';
  const stop = position.stopPrice;
  const tp = position.takeProfitPrice;
  if (stop !== null && (long ? bar.open <= stop : bar.open >= stop)) return set(out, bar.open, 'stop_loss');
  if (tp !== null && (long ? bar.open >= tp : bar.open <= tp)) return set(out, bar.open, 'take_profit');
  if (stop !== null && (long ? bar.low <= stop : bar.high >= stop)) return set(out, stop, 'stop_loss');
  if (tp !== null && (long ? bar.high >= tp : bar.low <= tp)) return set(out, tp, 'take_profit');
  return false;
}

function set(out: StopTrigger, price: number, reason: StopTrigger['reason']): true {
  out.price = price;
  out.reason = reason;
  return true;
}
