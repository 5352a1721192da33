import type { Calendar } from '../markets/calendar.ts';
import type { TimeInForce } from './order.ts';

/** When a working order stops working, from its TIF and its placing: a bar count, an instant, or never. */
export interface Expiry {
  /** Bars it may still be tried on (Infinity: no bar limit). */
  barsLeft: number;
  /** The instant at or after which it is cancelled before being tried (Infinity: none). */
  until: number;
}

/** The expiry of an order placed at `placedAt` (the close of the bar that decided it). Day orders end with the session trading at `placedAt`, or the next one when it is placed at a close (crypto: the UTC day). */
export function expiryOf(tif: TimeInForce, placedAt: number, calendar: Calendar): Expiry {
  if (tif.kind === 'bars') return { barsLeft: tif.bars, until: Infinity };
  if (tif.kind === 'day') return { barsLeft: Infinity, until: calendar.sessionEnd(placedAt) };
  return { barsLeft: Infinity, until: Infinity };
}

/** True when a bar opening at `openTime` may no longer be tried (checked before the bar is tried). */
export function expiredBefore(e: Expiry, openTime: number): boolean {
  return e.barsLeft <= 0 || openTime >= e.until;
}
