import type { ColumnarSeries } from '../../data/historical-feed.ts';
import type { SeriesKey } from '../../engine/types.ts';

/**
 * Candle columns in shared memory, for worker threads: posting one to a worker shares the buffer (no
 * copy), so a sweep holds its data once however many workers read it.
 */
export interface SharedData {
  /** Identity of the data (workers cache their column views by it). */
  readonly id: string;
  readonly series: readonly { readonly series: SeriesKey; readonly length: number; readonly buffer: SharedArrayBuffer }[];
}

const FIELDS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Copies columns into SharedArrayBuffers: per series one buffer holding the six columns back to back. */
export function shareColumns(id: string, inputs: readonly ColumnarSeries[]): SharedData {
  return {
    id,
    series: inputs.map(({ series, columns }) => {
      const n = columns.length;
      const buffer = new SharedArrayBuffer(6 * n * Float64Array.BYTES_PER_ELEMENT);
      FIELDS.forEach((f, k) => new Float64Array(buffer, k * n * 8, n).set(columns[f].subarray(0, n)));
      return { series: { symbol: series.symbol, timeframe: series.timeframe }, length: n, buffer };
    }),
  };
}

/** Column views over shared data (no copy). */
export function sharedInputs(data: SharedData): ColumnarSeries[] {
  return data.series.map(({ series, length: n, buffer }) => {
    const col = (k: number) => new Float64Array(buffer, k * n * 8, n);
    return { series, columns: { length: n, openTime: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) } };
  });
}
