import type { PositionSide } from '../types.ts';
import type { Trail } from './order.ts';

/** The trailing distance at `price` (an ATR trail needs the ATR value; null while it warms up). */
export function trailDistance(trail: Trail, price: number, atr: number | null): number | null {
  if (trail.kind === 'percent') return price * trail.value;
  if (trail.kind === 'amount') return trail.value;
  return atr === null ? null : atr * trail.multiple;
}

/**
 * The trailing stop of a `side` position after a bar closed at `close`: `close ∓ distance`, but never less
 * favourable than `current` (a long's stop only rises, a short's only falls). `current` null: the first level.
 * A null distance (ATR still warming up) keeps the current level.
 */
export function ratchet(side: PositionSide, current: number | null, close: number, distance: number | null): number | null {
  if (distance === null) return current;
  const level = side === 'long' ? close - distance : close + distance;
  if (current === null) return level;
  return side === 'long' ? Math.max(current, level) : Math.min(current, level);
}
