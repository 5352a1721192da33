import type { SeriesKey } from '../engine/types.ts';

/** Rows a store series is read in, unless told otherwise: bounds memory to one chunk per series. */
export const DEFAULT_CHUNK_ROWS = 65_536;

/**
 * Rows [0, length) of a candle series as columns: row i is (openTime[i], open[i], high[i], low[i],
 * close[i], volume[i]). Times are epoch ms UTC, exact in float64. data/columns.ts's CandleColumns
 * (the store's shape) extends it, so store columns feed straight into ColumnarFeed.
 */
export interface OhlcvColumns {
  readonly length: number;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** A window of rows of a series, in open-time order. Reused by its source: valid until the next read. */
export interface ColumnChunk extends OhlcvColumns {
  length: number;
}

/** Columns in the order sources write them. */
export const COLUMN_NAMES = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Zero-copy view of rows [start, end) of `cols`. */
export function sliceColumns(cols: OhlcvColumns, start: number, end: number): ColumnChunk {
  return {
    openTime: cols.openTime.subarray(start, end),
    open: cols.open.subarray(start, end),
    high: cols.high.subarray(start, end),
    low: cols.low.subarray(start, end),
    close: cols.close.subarray(start, end),
    volume: cols.volume.subarray(start, end),
    length: end - start,
  };
}

/** First index in sorted `times[lo, hi)` whose value is >= `t` (hi when none). */
export function lowerBound(times: Float64Array, t: number, lo = 0, hi = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted `times[lo, hi)` whose value is > `t` (hi when none). */
export function upperBound(times: Float64Array, t: number, lo = 0, hi = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One series read chunk by chunk, in open-time order. `next()` resolves to the next non-empty chunk or
 * null at the end; the previous chunk may be overwritten by then, so callers copy what they keep.
 */
export interface ChunkSource {
  readonly series: SeriesKey;
  next(): Promise<ColumnChunk | null>;
  /** Synchronous variant for in-memory sources; absent when reading needs I/O. */
  nextSync?(): ColumnChunk | null;
  /** Releases the reader (idempotent); called at the end, on error and when the consumer stops early. */
  close(): void | Promise<void>;
}

/** Half-open range of candle open times, epoch ms: from inclusive, to exclusive. Absent bounds are unbounded. */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

/** Validates a range and fills absent bounds with infinities. */
export function resolveRange(range: TimeRange): { from: number; to: number } {
  const from = range.from ?? Number.NEGATIVE_INFINITY;
  const to = range.to ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(from) || Number.isNaN(to)) throw new Error(`time range bounds must be numbers (got from=${from}, to=${to})`);
  if (from > to) throw new Error(`time range is reversed: from ${from} is after to ${to}`);
  return { from, to };
}

/** Checks a chunk-size option: a positive integer. */
export function checkChunkRows(rows: number | undefined, fallback = DEFAULT_CHUNK_ROWS): number {
  const n = rows ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`chunkRows must be a positive integer (got ${rows})`);
  return n;
}
