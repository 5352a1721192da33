import { isBarOpen } from '../engine/markets/bars.ts';
import type { Calendar } from '../engine/markets/calendar.ts';
import { bucketStart, timeframeMs } from '../engine/timeframe.ts';
import type { Candle, Timeframe } from '../engine/types.ts';
import { takeRows, type CandleColumns } from './columns.ts';

/**
 * Why a row is refused. These exact strings are stored in `quarantine.reason` and group the import
 * summary, so keep them stable; the offending values are in `quarantine.raw`.
 */
export const REASON = {
  badTimestamp: 'unparseable timestamp',
  nonFinite: 'NaN or Infinity',
  nonPositivePrice: 'non-positive price',
  negativeVolume: 'negative volume',
  highBelowLow: 'high < low',
  openOutside: 'open outside [low, high]',
  closeOutside: 'close outside [low, high]',
  misaligned: 'open time not aligned to timeframe',
  malformed: 'malformed row',
  truncated: 'truncated last line (the file does not end with a newline)',
  conflict: 'conflicting duplicate: a later row has the same open time and other values (the later row is kept)',
} as const;

export type Reason = (typeof REASON)[keyof typeof REASON];

/**
 * The one candle rule shared by file import, ccxt download and the live feed: the reason a bar must not
 * be traded, or null. `tf` enables the alignment check: the open time on a UTC bucket boundary, or with a
 * session calendar where that market's bars open (engine/markets/bars.ts).
 */
export function checkBar(t: number, o: number, h: number, l: number, c: number, v: number, tf?: Timeframe, calendar?: Calendar): Reason | null {
  if (!Number.isFinite(t)) return REASON.badTimestamp;
  if (!Number.isFinite(o) || !Number.isFinite(h) || !Number.isFinite(l) || !Number.isFinite(c) || !Number.isFinite(v)) {
    return REASON.nonFinite;
  }
  if (o <= 0 || h <= 0 || l <= 0 || c <= 0) return REASON.nonPositivePrice;
  if (v < 0) return REASON.negativeVolume;
  if (h < l) return REASON.highBelowLow;
  if (o < l || o > h) return REASON.openOutside;
  if (c < l || c > h) return REASON.closeOutside;
  if (tf !== undefined && (calendar && !calendar.alwaysOpen ? !isBarOpen(calendar, t, tf) : bucketStart(t, tf) !== t)) return REASON.misaligned;
  return null;
}

/** The reason `c` must not be traded, or null when it is a valid closed bar. */
export function validateCandle(c: Candle): string | null {
  let tf: Timeframe | undefined = c.timeframe;
  try {
    timeframeMs(tf);
  } catch {
    tf = undefined;
  }
  return checkBar(c.openTime, c.open, c.high, c.low, c.close, c.volume, tf);
}

/** A rejected input row: `index` is its position in the columns handed to validateBatch. */
export interface Rejection {
  readonly index: number;
  readonly reason: string;
}

/** A row dropped for a later row with the same open time but other prices or volume. */
export interface Conflict {
  /** Position of the dropped row in the columns handed to validateBatch. */
  readonly index: number;
  /** Position of the row kept for that open time (the last one in input order). */
  readonly keptIndex: number;
}

export interface BatchResult {
  /** Valid rows sorted by open time, one per open time (the last one in input order wins). */
  readonly candles: CandleColumns;
  readonly rejected: Rejection[];
  /** Rows dropped because a later row had the same open time and the same values (exact copies). */
  readonly duplicates: number;
  /** Rows dropped because a later row had the same open time and different values: a conflict to report. */
  readonly conflicts: Conflict[];
  /** Rows whose open time is earlier than a row before them (they were sorted into place). */
  readonly reordered: number;
}

/**
 * Validates a batch of columns: refuses bad rows (see checkBar), sorts out-of-order rows and resolves
 * duplicate open times by last write wins. Nothing is dropped without being counted or rejected.
 * Rows are taken in input order, so "last" means last in the file/page.
 */
export function validateBatch(cols: CandleColumns, timeframe?: Timeframe, calendar?: Calendar): BatchResult {
  const n = cols.length;
  const { openTime: t, open, high, low, close, volume } = cols;
  const keep = new Int32Array(n);
  const rejected: Rejection[] = [];
  let kept = 0;
  let sorted = true;
  let reordered = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const reason = checkBar(t[i], open[i], high[i], low[i], close[i], volume[i], timeframe, calendar);
    if (reason !== null) {
      rejected.push({ index: i, reason });
      continue;
    }
    keep[kept++] = i;
    if (t[i] <= max) {
      sorted = false;
      if (t[i] < max) reordered++;
    } else max = t[i];
  }
  if (sorted && kept === n) return { candles: cols, rejected, duplicates: 0, conflicts: [], reordered: 0 };

  let order: ArrayLike<number> = keep.subarray(0, kept);
  if (!sorted) order = Array.from(order).sort((a, b) => t[a] - t[b] || a - b);
  const unique = new Int32Array(order.length);
  const conflicts: Conflict[] = [];
  let u = 0;
  let duplicates = 0;
  for (let k = 0; k < order.length; k++) {
    // A run of rows with one open time keeps its last row; each earlier one is a copy or a conflict.
    let end = k;
    while (end + 1 < order.length && t[order[end + 1]] === t[order[k]]) end++;
    const last = order[end];
    for (let j = k; j < end; j++) {
      if (sameValues(cols, order[j], last)) duplicates++;
      else conflicts.push({ index: order[j], keptIndex: last });
    }
    unique[u++] = last;
    k = end;
  }
  return { candles: takeRows(cols, unique.subarray(0, u)), rejected, duplicates, conflicts, reordered };
}

function sameValues(c: CandleColumns, a: number, b: number): boolean {
  return c.open[a] === c.open[b] && c.high[a] === c.high[b] && c.low[a] === c.low[b] && c.close[a] === c.close[b] && c.volume[a] === c.volume[b];
}
