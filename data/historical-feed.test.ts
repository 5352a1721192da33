/**
 * What the shared contract (feed-contract.test.ts) does not cover: file validation and its error
 * messages, file-name inference, options, in-memory and store helpers, and the iterator protocol edges.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import type { MarketEvent } from '../engine/types.ts';
import { collectCandles } from '../testkit/contracts/feed-contract.ts';
import { ArrowChunkSource } from './feed/arrow-source.ts';
import { DuckDBChunkSource, storeQuery } from './feed/duckdb-source.ts';
import { guessEpochUnit } from './feed/file-columns.ts';
import { FileRowChecker } from './feed/row-check.ts';
import {
  ColumnarFeed,
  csvFeed,
  fileFeed,
  FeedFileError,
  formatOf,
  parquetFeed,
  arrowFeed,
  readStoreColumns,
  seriesFromFileName,
  storeFeed,
  type InvalidRow,
  type OhlcvColumns,
} from './historical-feed.ts';
import { CANDLES_DDL } from './store-schema.ts';

const SAMPLES = join(import.meta.dirname, 'samples');
const dir = mkdtempSync(join(tmpdir(), 'strata-hfeed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIN = 60_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % MIN);

/** A CSV of 1m candles; `rows` are [minute, open, high, low, close, volume] with text allowed for bad values. */
function csv(name: string, rows: (number | string)[][]): string {
  const path = join(dir, name);
  const lines = rows.map(([m, ...rest]) => [typeof m === 'number' ? T0 + m * MIN : m, ...rest].join(','));
  writeFileSync(path, ['timestamp,open,high,low,close,volume', ...lines].join('\n') + '\n');
  return path;
}

const good = (m: number): number[] => [m, 10, 11, 9, 10.5, 100];

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

describe('file names and formats', () => {
  it('infers symbol and timeframe from freqtrade-style names', () => {
    expect(seriesFromFileName('/x/UNITTEST_BTC-5m.feather')).toEqual({ symbol: 'UNITTEST/BTC', timeframe: '5m' });
    expect(seriesFromFileName('LTC_BTC-1h.parquet')).toEqual({ symbol: 'LTC/BTC', timeframe: '1h' });
    expect(seriesFromFileName('BTC_USDT_USDT-1h-futures.feather'), 'futures: settle currency and candle type').toEqual({
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
    });
  });

  it('refuses names that do not say the series, and trades files', () => {
    expect(() => seriesFromFileName('/x/orcl-1995-2014.txt')).toThrow(/orcl-1995-2014\.txt: cannot tell symbol and timeframe/);
    expect(() => seriesFromFileName('XRP_ETH-trades.parquet')).toThrow(/trades file/);
  });

  it('picks the reader by extension', () => {
    expect(formatOf('a.feather')).toBe('arrow');
    expect(formatOf('a.arrow')).toBe('arrow');
    expect(formatOf('a.parquet')).toBe('parquet');
    expect(formatOf('a.csv')).toBe('csv');
    expect(formatOf('a.txt')).toBe('csv');
    expect(() => formatOf('a.xlsx')).toThrow(/a\.xlsx: unknown candle file type/);
  });

  it('guesses an epoch unit by magnitude', () => {
    expect(guessEpochUnit(1_700_000_000)).toBe('s');
    expect(guessEpochUnit(1_700_000_000_000)).toBe('ms');
    expect(guessEpochUnit(1_700_000_000_000_000)).toBe('us');
    expect(guessEpochUnit(1.7e18)).toBe('ns');
  });
});

describe('file validation', () => {
  const cases: [string, (number | string)[], RegExp][] = [
    ['high < low', [3, 10, 8, 9, 9, 1], /high < low/],
    ['empty field', [3, 10, '', 9, 10, 1], /NaN or Infinity/],
    ['Infinity', [3, 10, 'inf', 9, 10, 1], /NaN or Infinity/],
    ['zero price', [3, 0, 11, 0, 10, 1], /non-positive price/],
    ['negative volume', [3, 10, 11, 9, 10, -1], /negative volume/],
    ['open above high', [3, 12, 11, 9, 10, 1], /open outside \[low, high\]/],
    ['close below low', [3, 10, 11, 9, 8, 1], /close outside \[low, high\]/],
  ];
  for (const [what, bad, reason] of cases) {
    it(`throws on ${what}, naming the file, the row and the reason`, async () => {
      const path = csv(`bad-${what.replace(/\W/g, '_')}.csv`, [good(0), good(1), good(2), bad, good(4)]);
      const err = await collectCandles(csvFeed([{ path, symbol: 'X/Y', timeframe: '1m' }], { chunkRows: 2 })).catch((e: unknown) => e);
      expect(err, 'a FeedFileError').toBeInstanceOf(FeedFileError);
      const e = err as FeedFileError;
      expect(e.message, 'names the file and the 1-based data row').toContain(`${path}: row 4: `);
      expect(e.message).toMatch(reason);
      expect([e.file, e.row]).toEqual([path, 4]);
    });
  }

  it("with onInvalid 'skip-and-report', leaves bad rows out and reports each", async () => {
    const path = csv('skip.csv', [good(0), [1, 10, 8, 9, 9, 1], good(2), [3, 10, 11, 9, 10, -5], good(4)]);
    const reports: InvalidRow[] = [];
    const got = await collectCandles(
      csvFeed([{ path, symbol: 'X/Y', timeframe: '1m' }], { onInvalid: 'skip-and-report', onReport: (r) => reports.push(r) }),
    );
    expect(got.map((c) => (c.openTime - T0) / MIN), 'the good rows, in order').toEqual([0, 2, 4]);
    expect(reports.map((r) => [r.file, r.row]), 'every skipped row reported').toEqual([
      [path, 2],
      [path, 4],
    ]);
    expect(reports[0].reason).toMatch(/high < low/);
  });

  it('refuses out-of-order and duplicate times, pointing at the importer', async () => {
    const unsorted = csv('unsorted.csv', [good(0), good(2), good(1)]);
    await expect(collectCandles(csvFeed([{ path: unsorted, symbol: 'X/Y', timeframe: '1m' }]))).rejects.toThrow(
      new RegExp(`${unsorted}: row 3: open time .* is earlier than the open time of row 2 .*never sorts them: import the file`),
    );
    const dup = csv('dup.csv', [good(0), good(1), good(1), good(2)]);
    await expect(
      collectCandles(csvFeed([{ path: dup, symbol: 'X/Y', timeframe: '1m' }], { onInvalid: 'skip-and-report', onReport: () => undefined })),
      'order errors throw even when skipping invalid rows',
    ).rejects.toThrow(new RegExp(`${dup}: row 3: open time .* duplicates the open time of row 2`));
  });

  it('fails the whole feed when one of several files is bad, from the first read', async () => {
    const bad = csv('bad-among-good.csv', [good(0), [1, 10, 8, 9, 9, 1]]);
    const feed = fileFeed([join(SAMPLES, 'UNITTEST_BTC-5m.feather'), { path: bad, symbol: 'X/Y', timeframe: '1m' }]);
    await expect(collectCandles(feed)).rejects.toThrow(`${bad}: row 2: high < low`);
  });

  it('reports Parquet rows by their row number in the file, also when [from, to) skips the start', async () => {
    const path = join(dir, 'bad.parquet');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run(
      `COPY (SELECT ${T0}::BIGINT + i * ${MIN} AS open_time, 10.0 AS open, CASE WHEN i = 49 THEN 8.0 ELSE 11.0 END AS high,
              9.0 AS low, 10.0 AS close, 1.0 AS volume FROM range(100) t(i) ORDER BY i) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 16)`,
    );
    inst.closeSync();
    const feed = parquetFeed([{ path, symbol: 'X/Y', timeframe: '1m' }], { from: T0 + 40 * MIN, chunkRows: 7 });
    await expect(collectCandles(feed)).rejects.toThrow(new RegExp(`${path}: row 50: high < low`));
    const before = await collectCandles(parquetFeed([{ path, symbol: 'X/Y', timeframe: '1m' }], { to: T0 + 49 * MIN }));
    expect(before.length, 'a range that ends before the bad row reads cleanly').toBe(49);
  });

  it('reports Arrow rows across record batches, and nulls as missing values', async () => {
    const n = 30;
    const volume = Float64Array.from({ length: n }, () => 1);
    volume[25] = Number.NaN;
    const t = tableFromArrays({
      open_time: Float64Array.from({ length: n }, (_, i) => T0 + i * MIN),
      open: new Float64Array(n).fill(10),
      high: new Float64Array(n).fill(11),
      low: new Float64Array(n).fill(9),
      close: new Float64Array(n).fill(10),
      volume,
    });
    const path = join(dir, 'bad.arrow');
    writeFileSync(path, tableToIPC(t, 'file'));
    await expect(collectCandles(arrowFeed([{ path, symbol: 'X/Y', timeframe: '1m' }], { chunkRows: 4 }))).rejects.toThrow(
      new RegExp(`${path}: row 26: NaN or Infinity`),
    );
  });
});

describe('file feeds', () => {
  it('reads a Yahoo CSV export (Date column, capitalised names) as daily candles', async () => {
    const path = join(SAMPLES, 'orcl-1995-2014.txt');
    const got = await collectCandles(csvFeed([{ path, symbol: 'ORCL', timeframe: '1d' }]));
    expect(got.length, 'all 5,036 rows').toBe(5036);
    expect(got[0], 'first row: 1995-01-03').toMatchObject({ symbol: 'ORCL', timeframe: '1d', openTime: Date.UTC(1995, 0, 3), open: 2.179012, volume: 36301200 });
    expect(got[0].closeTime).toBe(Date.UTC(1995, 0, 4));
  });

  it('takes the time column and unit when told', async () => {
    const path = join(dir, 'odd.csv');
    writeFileSync(path, `bar_start,open,high,low,close,volume\n${T0 / 1000},1,2,1,2,3\n${T0 / 1000 + 60},2,3,2,3,3\n`);
    const got = await collectCandles(csvFeed([{ path, symbol: 'X/Y', timeframe: '1m', timeColumn: 'bar_start', timeUnit: 's' }]));
    expect(got.map((c) => c.openTime)).toEqual([T0, T0 + MIN]);
    await expect(collectCandles(csvFeed([{ path, symbol: 'X/Y', timeframe: '1m' }]))).rejects.toThrow(
      new RegExp(`${path}: missing column a time column \\(date, open_time.*\\(columns: bar_start, open`),
    );
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'NOPE_BTC-1m.parquet');
    await expect(collectCandles(fileFeed([missing]))).rejects.toThrow(missing);
    await expect(collectCandles(fileFeed([join(dir, 'NOPE_BTC-1m.feather')]))).rejects.toThrow(/NOPE_BTC-1m\.feather/);
  });

  it('refuses the same series twice and unknown timeframes up front', () => {
    const p = join(SAMPLES, 'UNITTEST_BTC-5m.feather');
    expect(() => fileFeed([p, p])).toThrow(/series UNITTEST\/BTC 5m is given twice/);
    expect(() => fileFeed([{ path: p, symbol: 'A/B', timeframe: '7x' }])).toThrow(/unknown timeframe "7x"/);
  });
});

describe('store feed', () => {
  const storePath = join(dir, 'store.duckdb');
  const seed = async () => {
    const inst = await DuckDBInstance.create(storePath);
    const conn = await inst.connect();
    await conn.run(CANDLES_DDL);
    await conn.run(
      `INSERT INTO candles SELECT 'default', 'BTC/USDT', '1m', ${T0}::BIGINT + i * ${MIN}, 100 + i, 102 + i, 99 + i, 101 + i, 5, false FROM range(500) t(i)`,
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
    await conn.run(CANDLES_DDL);
    const day = 86_400_000;
    // 10 rows, a 30-day hole, 10 more; and a "1m" series whose 50 rows are 1 s apart (all in one window).
    await conn.run(
      `INSERT INTO candles SELECT 'default', 'GAP/USD', '1m', ${T0}::BIGINT + CASE WHEN i < 10 THEN i * ${MIN} ELSE ${30 * day} + i * ${MIN} END,
         1, 1, 1, 1, i, false FROM range(20) t(i)`,
    );
    await conn.run(`INSERT INTO candles SELECT 'default', 'DENSE/USD', '1m', ${T0}::BIGINT + i * 1000, 1, 1, 1, 1, i, false FROM range(50) t(i)`);
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
      const source = new DuckDBChunkSource(series, inst, async () => query, chunkRows, null);
      const sizes: number[] = [];
      for (let c = await source.next(); c !== null; c = await source.next()) sizes.push(c.length);
      expect(Math.max(...sizes), `chunkRows=${chunkRows}`).toBeLessThanOrEqual(chunkRows);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(500);
    }
    const arrow = new ArrowChunkSource(series, join(SAMPLES, 'UNITTEST_BTC-5m.feather'), 100, { checker: new FileRowChecker('x'), from: -Infinity, to: Infinity });
    const sizes: number[] = [];
    for (let c = await arrow.next(); c !== null; c = await arrow.next()) sizes.push(c.length);
    expect(Math.max(...sizes), 'Arrow chunks too').toBe(100);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5760);
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
    const path = csv('late-bad.csv', [good(0), good(1), good(2), [3, 10, 8, 9, 9, 1]]);
    const it = csvFeed([{ path, symbol: 'X/Y', timeframe: '1m' }], { chunkRows: 1 })[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    // The error surfaces when the bad row's chunk is read: the chunk is prefetched as the row before it is taken.
    expect((await it.next()).done).toBe(false);
    await expect(it.next()).rejects.toThrow(/row 4: high < low/);
    expect((await it.next()).done, 'nothing after the error').toBe(true);
  });
});
