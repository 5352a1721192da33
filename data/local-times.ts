import { TimeZone } from '../engine/markets/zone.ts';
import type { RawData } from './formats/raw.ts';

const DAY_MS = 86_400_000;
/** A time of day followed by an explicit zone: `09:30:00-05:00`, `14:30Z`, `09:30 UTC`. */
const WITH_OFFSET = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})(?=[,;\t"\s]|$)/i;

/**
 * Reads a file's timestamps as wall-clock times of `tz` (`--tz America/New_York`): each parsed time, which the
 * readers took as UTC, becomes the instant that local time names (date-only values become local midnight).
 * Timestamps that carry their own offset (yfinance's `-05:00`) are already instants: --tz is refused for them,
 * naming the row, rather than applied twice. Returns the note for the import report.
 */
export function readAsLocal(raw: RawData, tz: string): string {
  const zone = new TimeZone(tz);
  if (raw.rowNumbers.length > 0 && WITH_OFFSET.test(raw.raw(0))) {
    throw new Error(`--tz ${tz}: row ${raw.rowNumbers[0]} already carries a UTC offset (${raw.raw(0)}); offsets are honoured as they are, so leave out --tz`);
  }
  const times = raw.kind === 'candles' ? raw.cols.openTime : raw.time;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    const day = Math.floor(t / DAY_MS);
    times[i] = zone.instantOf(day, (t - day * DAY_MS) / 60_000);
  }
  return `timestamps read as ${tz} wall-clock times (--tz)`;
}
