import { describe, expect, it } from 'vitest';
import { aggregateCandles } from '../engine/aggregator.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import { toCandles, fromCandles } from './columns.ts';
import { importFile } from './import.ts';
import { resampleSeries } from './resample.ts';
import { readSeries } from './store-read.ts';
import { openStore } from './store.ts';
import { sample } from '../testkit/data.ts';

describe('resampleSeries', () => {
  it.each(['5m', '15m', '1h', '4h', '1d'])('1m -> %s equals DuckDB time_bucket aggregation of the real sample exactly', async (target) => {
    const store = await openStore(':memory:');
    const { series } = await importFile(store, sample('UNITTEST_BTC-1m.json'));
    const src = await readSeries(store, series);
    const ours = resampleSeries(src, series.symbol, '1m', target);

    const step = timeframeMs(target);
    // Buckets in SQL: first/last by time, volume summed in time order (as the aggregator adds it).
    const sql = await store.connection.runAndReadAll(`
      WITH b AS (
        SELECT epoch_ms(time_bucket(INTERVAL '${step / 1000} seconds', make_timestamp(open_time * 1000))) AS bucket, *
        FROM candles WHERE symbol = 'UNITTEST/BTC' AND timeframe = '1m')
      SELECT bucket::DOUBLE, arg_min(open, open_time), max(high), min(low), arg_max(close, open_time),
             list_reduce(list(volume ORDER BY open_time), (a, x) -> a + x), max(open_time)::DOUBLE
      FROM b GROUP BY bucket ORDER BY bucket`);
    let rows = sql.getRows() as number[][];
    const lastSourceClose = src.openTime[src.length - 1] + 60_000;
    const [lastBucket] = rows[rows.length - 1];
    if (lastSourceClose !== lastBucket + step) rows = rows.slice(0, -1); // still open at the end of the data: not emitted

    expect(ours.length).toBe(rows.length);
    expect(Array.from(ours.openTime)).toEqual(rows.map((r) => r[0]));
    expect(Array.from(ours.open)).toEqual(rows.map((r) => r[1]));
    expect(Array.from(ours.high)).toEqual(rows.map((r) => r[2]));
    expect(Array.from(ours.low)).toEqual(rows.map((r) => r[3]));
    expect(Array.from(ours.close)).toEqual(rows.map((r) => r[4]));
    expect(Array.from(ours.volume)).toEqual(rows.map((r) => r[5]));
    expect(ours.openTime[0], 'the first, partial bucket is emitted').toBe(Math.floor(src.openTime[0] / step) * step);
    store.close();
  });

  it('gives what the engine aggregator gives, and marks a bucket synthetic only when all its candles are', () => {
    const T = Date.UTC(2024, 0, 1);
    const bars = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => ({ openTime: T + m * 60_000, open: 10, high: 11 + m, low: 9, close: 10 + m / 10, volume: m }));
    const cols = fromCandles(bars);
    cols.synthetic.set([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const out = resampleSeries(cols, 'S', '1m', '5m');
    expect(toCandles(out, 'S', '5m')).toEqual(aggregateCandles(toCandles(cols, 'S', '1m'), '5m'));
    expect(Array.from(out.synthetic)).toEqual([0, 1]);
  });
});
