import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import type { RawData } from './formats/raw.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Moves close-stamped times to the bar's open (Strata's convention: a bar is keyed by its open time), in
 * place. For trades the time is the trade's own and is left alone.
 */
export function shiftToOpen(raw: RawData, tfMs: number): void {
  if (raw.kind !== 'candles') return;
  const t = raw.cols.openTime;
  for (let i = 0; i < t.length; i++) t[i] -= tfMs;
}

/**
 * A warning when open-stamped intraday data looks stamped at the bar's close: on most days the first bar
 * sits one bar after a whole hour (a 1m file starting its days at 00:01 or 09:01), which is where a
 * session's first bar closes, not where it opens. Null when the data gives no such sign.
 */
export function closeStampHint(times: ArrayLike<number>, timeframe: Timeframe): string | null {
  const tf = timeframeMs(timeframe);
  if (tf >= HOUR || times.length < 2) return null;
  let days = 0;
  let offByOne = 0;
  let example = Number.NaN;
  let day = Number.NaN;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    const d = Math.floor(t / DAY);
    if (d === day) continue;
    day = d;
    days++;
    if (t % HOUR === tf) {
      offByOne++;
      if (Number.isNaN(example)) example = t;
    }
  }
  if (days < 2 || offByOne < days * 0.8) return null;
  const clock = new Date(example).toISOString().slice(11, 16);
  return (
    `the first bar of ${offByOne} of ${days} days is at HH:${clock.slice(3)} (e.g. ${clock} UTC), one ${timeframe} bar after a whole hour: ` +
    'the file looks stamped at each bar\'s close; if so, read it with --timestamps close'
  );
}
