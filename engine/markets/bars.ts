import { bucketStart, timeframeMs } from '../timeframe.ts';
import type { Timeframe } from '../types.ts';
import type { Calendar, Session } from './calendar.ts';
import { weekday } from './zone.ts';

const DAY_MS = 86_400_000;

/**
 * Bars of a calendar market:
 * - intraday bars align to each session's open (1h bars of US equities open 09:30, 10:30, …, 15:30 New York time;
 *   the last one is cut short by the close), whatever the UTC offset that day;
 * - daily bars are labelled by their trading day: a bar stamped at 00:00 UTC is a date (what a date-only file such
 *   as a Yahoo export gives), any other stamp is read as a date in the market's time zone; a daily bucket opens at
 *   local midnight of its day;
 * - weekly buckets open at local midnight of Monday.
 * An always-open market (crypto) keeps UTC buckets (engine/timeframe.ts).
 */

/** The trading day a daily bar stands for (see above). */
export function dailyLabel(cal: Calendar, openTime: number): number {
  return openTime % DAY_MS === 0 ? openTime / DAY_MS : cal.dayOf(openTime);
}

/** Start of the bucket of `tf` containing `t` in this market; null when `t` lies outside every session (intraday). */
export function marketBucketStart(cal: Calendar, t: number, tf: Timeframe): number | null {
  if (cal.alwaysOpen) return bucketStart(t, tf);
  const step = timeframeMs(tf);
  if (step < DAY_MS) {
    const s = cal.sessionAt(t);
    return s === null ? null : s.open + Math.floor((t - s.open) / step) * step;
  }
  const day = cal.dayOf(t);
  if (tf.endsWith('w')) return cal.zone.instantOf(day - ((weekday(day) + 6) % 7), 0);
  if (step === DAY_MS) return cal.zone.instantOf(day, 0);
  return bucketStart(t, tf);
}

/** True when `openTime` is where a bar of `tf` may open in this market (the importer's alignment check). */
export function isBarOpen(cal: Calendar, openTime: number, tf: Timeframe): boolean {
  if (cal.alwaysOpen) return bucketStart(openTime, tf) === openTime;
  const step = timeframeMs(tf);
  if (step === DAY_MS) return openTime % DAY_MS === 0 || cal.zone.instantOf(cal.dayOf(openTime), 0) === openTime;
  return marketBucketStart(cal, openTime, tf) === openTime;
}

/** Bars a session holds and their open times: `open + k·step` for k = 0, 1, … while before the close. */
function barsIn(s: Session, step: number): number {
  return Math.ceil((s.close - s.open) / step);
}

/** Missing bars between two consecutive bars of a series: how many, and the first and last missing open time. */
export interface Missing {
  readonly count: number;
  readonly from: number;
  readonly to: number;
}

const NONE: Missing = { count: 0, from: 0, to: 0 };

/**
 * The bars the market should have had strictly between bar opens `a` < `b`: weekends, holidays and the hours
 * between sessions are not missing. Always-open markets count every step (the 24/7 rule).
 */
export function missingBetween(cal: Calendar, tf: Timeframe, a: number, b: number): Missing {
  const step = timeframeMs(tf);
  if (cal.alwaysOpen || step > DAY_MS || (step === DAY_MS && tf !== '1d')) {
    const d = b - a;
    if (d <= step) return NONE;
    const count = Math.floor(d / step) - (d % step === 0 ? 1 : 0);
    return count > 0 ? { count, from: a + step, to: a + count * step } : NONE;
  }
  if (step === DAY_MS) {
    const la = dailyLabel(cal, a);
    const lb = dailyLabel(cal, b);
    const dateStamped = a % DAY_MS === 0;
    let count = 0;
    let from = 0;
    let to = 0;
    for (let day = la + 1; day < lb; day++) {
      if (!cal.isTradingDay(day)) continue;
      const open = dateStamped ? day * DAY_MS : cal.zone.instantOf(day, 0);
      if (count === 0) from = open;
      to = open;
      count++;
    }
    return count > 0 ? { count, from, to } : NONE;
  }
  let count = 0;
  let from = 0;
  let to = 0;
  for (let day = cal.dayOf(a); day <= cal.dayOf(b); day++) {
    for (const s of cal.sessionsOn(day)) {
      if (s.close <= a || s.open >= b) continue;
      const n = barsIn(s, step);
      // Bar opens o_k = s.open + k·step, 0 ≤ k < n, with a < o_k < b.
      const kMin = Math.max(0, Math.floor((a - s.open) / step) + 1);
      const kMax = Math.min(n - 1, Math.ceil((b - s.open) / step) - 1);
      if (kMax < kMin) continue;
      if (count === 0) from = s.open + kMin * step;
      to = s.open + kMax * step;
      count += kMax - kMin + 1;
    }
  }
  return count > 0 ? { count, from, to } : NONE;
}

/** Bars in a regular trading day of the market (fractional when the last bar is cut short, e.g. 6.5 hourly bars). */
export function barsPerSession(cal: Calendar, tf: Timeframe): number {
  return cal.regularSessionMs / timeframeMs(tf);
}
