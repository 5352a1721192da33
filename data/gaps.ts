import { missingBetween } from '../engine/markets/bars.ts';
import type { Calendar } from '../engine/markets/calendar.ts';
import { calendarFor } from '../engine/markets/market.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import { allocColumns, type CandleColumns } from './columns.ts';

/** A run of missing candles: open times `from`..`to` inclusive, `count` candles. */
export interface GapRange {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface GapReport {
  /** Missing candles in total. */
  readonly missing: number;
  /** Number of separate gaps. */
  readonly ranges: number;
  /** The first few gaps, oldest first. */
  readonly first: GapRange[];
}

/**
 * Missing open times in sorted, unique open times, given the timeframe and the market's calendar (default 24/7:
 * every step is a bar; on a session calendar weekends, holidays and nights are not missing). Keeps the first
 * `keep` ranges.
 */
export function findGaps(openTime: ArrayLike<number>, timeframe: Timeframe, keep = 5, calendar: Calendar = calendarFor(undefined)): GapReport {
  return gapReport(openTime.length - 1, (i) => openTime[i], (i) => openTime[i + 1], timeframe, keep, calendar);
}

/**
 * As findGaps, given only the neighbouring open times `(before[i], after[i])` of a sorted, unique series that
 * are more than a bar apart (the SQL import selects them), so the whole series need not be read.
 */
export function gapsBetween(before: ArrayLike<number>, after: ArrayLike<number>, timeframe: Timeframe, keep = 5, calendar: Calendar = calendarFor(undefined)): GapReport {
  return gapReport(before.length, (i) => before[i], (i) => after[i], timeframe, keep, calendar);
}

function gapReport(pairs: number, from: (i: number) => number, to: (i: number) => number, timeframe: Timeframe, keep: number, calendar: Calendar): GapReport {
  const step = timeframeMs(timeframe);
  let missing = 0;
  let ranges = 0;
  const first: GapRange[] = [];
  for (let i = 0; i < pairs; i++) {
    const a = from(i);
    const b = to(i);
    if (b - a <= step) continue;
    const gap = missingBetween(calendar, timeframe, a, b);
    if (gap.count <= 0) continue;
    missing += gap.count;
    ranges++;
    if (first.length < keep) first.push({ from: gap.from, to: gap.to, count: gap.count });
  }
  return { missing, ranges, first };
}

/**
 * Fills every gap with flat candles at the previous close (o = h = l = c, volume 0, synthetic = 1),
 * so a strategy sees time pass without trading on invented prices. Input must be sorted and unique.
 */
export function fillGapsFlat(cols: CandleColumns, timeframe: Timeframe): CandleColumns {
  const step = timeframeMs(timeframe);
  const gaps = findGaps(cols.openTime, timeframe, 0);
  if (gaps.missing === 0) return cols;
  const out = allocColumns(cols.length + gaps.missing);
  let k = 0;
  for (let i = 0; i < cols.length; i++) {
    if (i > 0) {
      const prevClose = cols.close[i - 1];
      for (let t = cols.openTime[i - 1] + step; t < cols.openTime[i]; t += step) {
        out.openTime[k] = t;
        out.open[k] = out.high[k] = out.low[k] = out.close[k] = prevClose;
        out.volume[k] = 0;
        out.synthetic[k] = 1;
        k++;
      }
    }
    out.openTime[k] = cols.openTime[i];
    out.open[k] = cols.open[i];
    out.high[k] = cols.high[i];
    out.low[k] = cols.low[i];
    out.close[k] = cols.close[i];
    out.volume[k] = cols.volume[i];
    out.synthetic[k] = cols.synthetic[i];
    k++;
  }
  return out;
}
