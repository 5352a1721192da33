import { CandleAggregator } from '../engine/aggregator.ts';
import { bucketStart, timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import { allocColumns, candleAt, truncateColumns, type CandleColumns } from './columns.ts';

/**
 * Resamples a sorted series (1m -> 5m/15m/1h/4h/1d...) through the engine's CandleAggregator, so stored
 * resampled bars are exactly the bars a strategy sees when the engine aggregates live. As there: a
 * partial first bucket is emitted, a bucket still open at the end of the data is not. A resampled candle
 * is synthetic only if every source candle in it was.
 */
export function resampleSeries(cols: CandleColumns, symbol: string, source: Timeframe, target: Timeframe): CandleColumns {
  const agg = new CandleAggregator(symbol, source, target);
  const srcMs = timeframeMs(source);
  const out = allocColumns(cols.length); // every emitted bucket holds at least one source candle
  let n = 0;
  const realBuckets = new Set<number>();
  const emit = (c: { openTime: number; open: number; high: number; low: number; close: number; volume: number }) => {
    out.openTime[n] = c.openTime;
    out.open[n] = c.open;
    out.high[n] = c.high;
    out.low[n] = c.low;
    out.close[n] = c.close;
    out.volume[n] = c.volume;
    out.synthetic[n] = realBuckets.has(c.openTime) ? 0 : 1;
    realBuckets.delete(c.openTime);
    n++;
  };
  for (let i = 0; i < cols.length; i++) {
    if (!cols.synthetic[i]) realBuckets.add(bucketStart(cols.openTime[i], target));
    agg.push(candleAt(cols, i, symbol, source, srcMs), emit);
  }
  return truncateColumns(out, n);
}
