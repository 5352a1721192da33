import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCandles } from './columns.ts';
import { listSeries } from './series.ts';
import { lastOpenTime, readSeries } from './store-read.ts';
import { upsertCandles } from './store-write.ts';
import { openStore } from './store.ts';
import { tempDir } from '../testkit/data.ts';

const T0 = Date.UTC(2024, 0, 1);
const bar = (minute: number, close = 10) => ({ openTime: T0 + minute * 60_000, open: 10, high: 12, low: 9, close, volume: 1 });
const S = { exchange: 'x', symbol: 'BTC/USDT', timeframe: '1m' };

describe('candle store', () => {
  it('creates the file, its parent folders and the tables; reopening keeps the data', async () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, 'a', 'b', 'store.duckdb');
      const store = await openStore(path);
      await upsertCandles(store, S, fromCandles([bar(0), bar(1)]));
      store.close();
      expect(existsSync(path)).toBe(true);
      const again = await openStore(path);
      expect((await readSeries(again, S)).length).toBe(2);
      again.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('upserts by (exchange, symbol, timeframe, open_time): the last write wins, other series untouched', async () => {
    const store = await openStore(':memory:');
    await upsertCandles(store, S, fromCandles([bar(0), bar(1), bar(2)]));
    await upsertCandles(store, { ...S, timeframe: '5m' }, fromCandles([bar(0, 99)]));
    await upsertCandles(store, S, fromCandles([bar(1, 11), bar(3, 13)]));
    const s = await readSeries(store, S);
    expect(Array.from(s.close)).toEqual([10, 11, 10, 13]);
    expect(await lastOpenTime(store, S)).toBe(T0 + 3 * 60_000);
    expect(await lastOpenTime(store, { ...S, symbol: 'NONE' })).toBeNull();
    expect((await readSeries(store, S, { from: T0 + 60_000, to: T0 + 3 * 60_000 })).length, 'from inclusive, to exclusive').toBe(2);
    store.close();
  });

  it('lists series with ranges, counts and gaps', async () => {
    const store = await openStore(':memory:');
    await upsertCandles(store, S, fromCandles([bar(0), bar(1), bar(4), bar(5), bar(9)]));
    const [info] = await listSeries(store);
    expect(info).toMatchObject({ ...S, first: T0, last: T0 + 9 * 60_000, rows: 5, synthetic: 0 });
    expect(info.gaps).toEqual({
      missing: 5,
      ranges: 2,
      first: [
        { from: T0 + 2 * 60_000, to: T0 + 3 * 60_000, count: 2 },
        { from: T0 + 6 * 60_000, to: T0 + 8 * 60_000, count: 3 },
      ],
    });
    store.close();
  });
});
