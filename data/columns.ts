import type { Candle, Timeframe } from '../engine/types.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { OhlcvColumns } from './column-chunk.ts';

/**
 * Candles as typed columns, the shape market data travels in between files, the store and the engine
 * (one object per row only when the engine needs an event). Index i of every array is the same candle.
 * `openTime` is epoch ms UTC; `synthetic[i] = 1` marks a candle made up by gap filling, never traded data.
 */
export interface CandleColumns extends OhlcvColumns {
  readonly synthetic: Uint8Array;
}

/** Names of the numeric columns, in the store's order. */
export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Zero-filled columns of `n` rows. */
export function allocColumns(n: number): CandleColumns {
  return {
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    synthetic: new Uint8Array(n),
  };
}

/** The rows of `cols` at `indexes`, in that order. */
export function takeRows(cols: CandleColumns, indexes: ArrayLike<number>): CandleColumns {
  const out = allocColumns(indexes.length);
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k];
    out.openTime[k] = cols.openTime[i];
    out.open[k] = cols.open[i];
    out.high[k] = cols.high[i];
    out.low[k] = cols.low[i];
    out.close[k] = cols.close[i];
    out.volume[k] = cols.volume[i];
    out.synthetic[k] = cols.synthetic[i];
  }
  return out;
}

/** The first `n` rows (views, no copy). */
export function truncateColumns(cols: CandleColumns, n: number): CandleColumns {
  if (n === cols.length) return cols;
  return {
    length: n,
    openTime: cols.openTime.subarray(0, n),
    open: cols.open.subarray(0, n),
    high: cols.high.subarray(0, n),
    low: cols.low.subarray(0, n),
    close: cols.close.subarray(0, n),
    volume: cols.volume.subarray(0, n),
    synthetic: cols.synthetic.subarray(0, n),
  };
}

/** One candle object for the engine. */
export function candleAt(cols: CandleColumns, i: number, symbol: string, timeframe: Timeframe, tfMs = timeframeMs(timeframe)): Candle {
  const openTime = cols.openTime[i];
  return {
    symbol,
    timeframe,
    openTime,
    closeTime: openTime + tfMs,
    open: cols.open[i],
    high: cols.high[i],
    low: cols.low[i],
    close: cols.close[i],
    volume: cols.volume[i],
  };
}

/** Candle objects of a whole series (tests and small series; the hot path stays columnar). */
export function toCandles(cols: CandleColumns, symbol: string, timeframe: Timeframe): Candle[] {
  const tfMs = timeframeMs(timeframe);
  const out = new Array<Candle>(cols.length);
  for (let i = 0; i < cols.length; i++) out[i] = candleAt(cols, i, symbol, timeframe, tfMs);
  return out;
}

/** Columns from candle objects. */
export function fromCandles(candles: readonly Pick<Candle, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>[]): CandleColumns {
  const out = allocColumns(candles.length);
  candles.forEach((c, i) => {
    out.openTime[i] = c.openTime;
    out.open[i] = c.open;
    out.high[i] = c.high;
    out.low[i] = c.low;
    out.close[i] = c.close;
    out.volume[i] = c.volume;
  });
  return out;
}
