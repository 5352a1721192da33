/**
 * What the shared contract (feed-contract.test.ts) does not cover: the store feed's options (an instance
 * the caller holds, gaps, chunk sizes), readStoreColumns, ColumnarFeed's checks and the iterator
 * protocol edges. How files are read and their rows validated is the importer's (data/import*.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { MarketEvent } from '../engine/types.ts';
import { collectCandles } from '../testkit/contracts/feed-contract.ts';
import { sliceColumns, type ChunkSource } from './column-chunk.ts';
import { DuckDBChunkSource, storeQuery } from './feed/duckdb-source.ts';
import { ColumnarFeed, HistoricalFeed, readStoreColumns, storeFeed, type OhlcvColumns } from './historical-feed.ts';
import { insertCandlesAsGiven } from '../testkit/data.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-hfeed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIN = 60_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % MIN);

function columns(n: number, start = T0): OhlcvColumns {
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  return {
    length: n,
    openTime: f((i) => start + i * MIN),
    open: f((i) => 100 + i),
    high: f((i) => 102 + i),
    low: f((i) => 99 + i),
    close: f((i) => 101 + i),
    volume: f(() => 5),
  };
}

describe('store feed', () => {
  const storePath = join(dir, 'store.duckdb');
  const seed = async () => {
    const inst = await DuckDBInstance.create(storePath);
    const conn = await inst.connect();
    await insertCandlesAsGiven(
      conn,
      `SELECT 'default' AS exchange, 'BTC/USDT' AS symbol, '1m' AS timeframe, ${T0}::BIGINT + i * ${MIN} AS open_time, 100 + i AS open, 102 + i AS high, 99 + i AS low, 101 + i AS close, 5 AS volume, false AS synthetic FROM range(500) t(i)`,
    );
    conn.closeSync();
    inst.closeSync();
  };

  it('reads from an instance the caller already has open, and leaves it open', async () => {
    await seed();
    const inst = await DuckDBInstance.create(storePath);
    const series = [{ symbol: 'BTC/USDT', timeframe: '1m' }];
    const got = await collectCandles(storeFeed({ db: inst, series, from: T0 + 10 * MIN, to: T0 + 20 * MIN, chunkRows: 3 }));
    expect(got.map((c) => c.open), 'default exchange, [from, to)').toEqual([110, 111, 112, 113, 114, 115, 116, 117, 118, 119]);
    const conn = await inst.connect();
    expect((await conn.runAndReadAll('SELECT count(*)::DOUBLE FROM candles')).getRows()[0][0], 'instance still usable').toBe(500);
    conn.closeSync();
    inst.closeSync();
  });

  it('jumps over gaps and keeps rows that are not on the timeframe grid (windows are bounded by LIMIT too)', async () => {
    const path = join(dir, 'gappy.duckdb');
    const inst = await DuckDBInstance.create(path);
    const conn = await inst.connect();
    const day = 86_400_000;
    // 10 rows, a 30-day hole, 10 more; and a "1m" series whose 50 rows are 1 s apart (all in one window).
    const values = '1 AS open, 1 AS high, 1 AS low, 1 AS close, i AS volume, false AS synthetic';
    await insertCandlesAsGiven(
      conn,
      `SELECT 'default' AS exchange, 'GAP/USD' AS symbol, '1m' AS timeframe, ${T0}::BIGINT + CASE WHEN i < 10 THEN i * ${MIN} ELSE ${30 * day} + i * ${MIN} END AS open_time,
         ${values} FROM range(20) t(i)`,
    );
    await insertCandlesAsGiven(conn, `SELECT 'default' AS exchange, 'DENSE/USD' AS symbol, '1m' AS timeframe, ${T0}::BIGINT + i * 1000 AS open_time, ${values} FROM range(50) t(i)`);
    conn.closeSync();
    const gap = { symbol: 'GAP/USD', timeframe: '1m' };
    const dense = { symbol: 'DENSE/USD', timeframe: '1m' };
    const got = await collectCandles(storeFeed({ db: inst, series: [gap], chunkRows: 3 }));
    expect(got.map((c) => c.volume), 'both sides of the hole, in order').toEqual(Array.from({ length: 20 }, (_, i) => i));
    const late = await collectCandles(storeFeed({ db: inst, series: [gap], chunkRows: 3, from: T0 + 5 * MIN + 1 }));
    expect(late.map((c) => c.volume), 'from inside the first run').toEqual(Array.from({ length: 14 }, (_, i) => i + 6));
    const packed = await collectCandles(storeFeed({ db: inst, series: [dense], chunkRows: 7 }));
    expect(packed.map((c) => c.volume), 'more rows than chunkRows in one window').toEqual(Array.from({ length: 50 }, (_, i) => i));
    inst.closeSync();
  });

  it('hands out chunks of at most chunkRows rows (what bounds memory per series)', async () => {
    const inst = await DuckDBInstance.create(storePath, { access_mode: 'READ_ONLY' });
    const series = { symbol: 'BTC/USDT', timeframe: '1m' };
    const query = storeQuery('default', series, -Infinity, Infinity);
    for (const chunkRows of [7, 2048, 65_536]) {
      const source = new DuckDBChunkSource(series, inst, query, chunkRows);
      const sizes: number[] = [];
      for (let c = await source.next(); c !== null; c = await source.next()) sizes.push(c.length);
      expect(Math.max(...sizes), `chunkRows=${chunkRows}`).toBeLessThanOrEqual(chunkRows);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(500);
    }
    inst.closeSync();
  });

  it('loads a series into engine-ready columns, which replay identically through ColumnarFeed', async () => {
    const series = { symbol: 'BTC/USDT', timeframe: '1m' };
    const cols = await readStoreColumns({ db: storePath, series, chunkRows: 64 });
    expect(cols.length).toBe(500);
    expect(Array.from(cols.openTime.subarray(0, 2))).toEqual([T0, T0 + MIN]);
    const viaColumns = await collectCandles(new ColumnarFeed([{ series, columns: cols }]));
    const viaStore = await collectCandles(storeFeed({ db: storePath, series: [series] }));
    expect(viaColumns).toEqual(viaStore);
    const empty = await readStoreColumns({ db: storePath, series: { symbol: 'NONE', timeframe: '1m' } });
    expect(empty.length, 'absent series: zero rows').toBe(0);
  });
});

describe('ColumnarFeed', () => {
  const a = { symbol: 'A', timeframe: '1m' };
  const b = { symbol: 'B', timeframe: '5m' };

  it('iterates synchronously with the same events as asynchronously', async () => {
    const feed = new ColumnarFeed([
      { series: a, columns: columns(50) },
      { series: b, columns: columns(10) },
    ], { chunkRows: 3 });
    const sync = [...feed].map((e) => (e.kind === 'candle' ? e.candle : null));
    expect(sync).toEqual(await collectCandles(feed));
    expect(sync.length).toBe(60);
  });

  it('refuses the same series twice and unknown timeframes up front, as storeFeed does', () => {
    expect(() => new ColumnarFeed([{ series: a, columns: columns(5) }, { series: a, columns: columns(5) }])).toThrow(/series A 1m is given twice/);
    expect(() => new ColumnarFeed([{ series: { symbol: 'A', timeframe: '7x' }, columns: columns(5) }])).toThrow(/unknown timeframe "7x"/);
    expect(() => storeFeed({ db: join(dir, 'never-opened.duckdb'), series: [b, b] })).toThrow(/series B 5m is given twice/);
    expect(() => storeFeed({ db: join(dir, 'never-opened.duckdb'), series: [{ symbol: 'B', timeframe: '7x' }] })).toThrow(/unknown timeframe "7x"/);
  });

  it('refuses unsorted or duplicate open times and short columns', () => {
    const bad = columns(5);
    bad.openTime[3] = bad.openTime[2];
    expect(() => new ColumnarFeed([{ series: a, columns: bad }])).toThrow(/A 1m: open times must strictly increase \(row 3/);
    expect(() => new ColumnarFeed([{ series: a, columns: { ...columns(5), length: 6 } }])).toThrow(/fewer than length 6/);
  });
});

describe('iterator protocol', () => {
  it('queues next() calls made before the previous one settles', async () => {
    const feed = new ColumnarFeed([{ series: { symbol: 'A', timeframe: '1m' }, columns: columns(5) }], { chunkRows: 2 });
    const it = feed[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 7 }, () => it.next()));
    expect(results.map((r) => (r.done ? 'done' : (r.value as MarketEvent & { kind: 'candle' }).candle.open))).toEqual([100, 101, 102, 103, 104, 'done', 'done']);
  });

  it('ends after an error: the error surfaces once, then the iterator is done', async () => {
    const series = { symbol: 'A', timeframe: '1m' };
    const rows = columns(3);
    let chunks = 0;
    let closed = 0;
    // One row per chunk; the fourth read fails, as a reader whose file or connection breaks mid-stream.
    const failing: ChunkSource = {
      series,
      next: async () => {
        if (chunks === 3) throw new Error('read failed after 3 rows');
        return sliceColumns(rows, chunks, ++chunks);
      },
      close: () => void closed++,
    };
    const it = new HistoricalFeed([series], async () => ({ sources: [failing], close: async () => failing.close() }))[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    expect((await it.next()).done).toBe(false);
    // The error surfaces with the third row: taking a chunk's last row reads the next chunk before handing the row on.
    await expect(it.next()).rejects.toThrow('read failed after 3 rows');
    expect(closed, 'the reader is released on the error').toBe(1);
    expect((await it.next()).done, 'nothing after the error').toBe(true);
  });
});
