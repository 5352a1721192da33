/**
 * Data feed benchmark: (a) a 1,000,000-row 1m series from a DuckDB store file into engine-ready
 * Float64Array columns (target < 1 s); (b) replaying it through the feed into a no-op consumer, in-memory
 * columnar and straight from the store (target >= 5M candles/s); (c) Parquet and Arrow files of the same
 * rows the way users load them: imported (importFile) into an in-memory store, then read into columns.
 * Data: seeded random walk, generated here into a temp folder.
 *
 *   npx tsx bench/data-feed.bench.ts [rows]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { Feed } from '../engine/feed.ts';
import type { MarketEvent, SeriesKey } from '../engine/types.ts';
import { ColumnarFeed, readStoreColumns, storeFeed, type OhlcvColumns } from '../data/historical-feed.ts';
import { importFile } from '../data/import.ts';
import { CANDLE_COLUMNS, insertCandlesAsGiven } from '../testkit/data.ts';
import { openStore } from '../data/store.ts';

export interface FeedFigures {
  readonly rows: number;
  /** (a) store file -> Float64Array columns, ms: first run and best of the repeats. */
  readonly storeLoadFirstMs: number;
  readonly storeLoadBestMs: number;
  /** (b) candles per second through the feed into a no-op `for await` consumer (best of the repeats). */
  readonly columnarPerSec: number;
  /** (b) the same, iterating ColumnarFeed synchronously. */
  readonly columnarSyncPerSec: number;
  /** (b) storeFeed: DuckDB read + merge + one Candle per event. */
  readonly storePerSec: number;
  /** (c) a Parquet file imported into an in-memory store (DuckDB read_parquet, validation, upsert), then readStoreColumns. */
  readonly parquetImportToColumnsPerSec: number;
  /** (c) the same from an uncompressed Arrow IPC file of the same rows (the importer's apache-arrow reader). */
  readonly arrowImportToColumnsPerSec: number;
  /** ColumnarFeed merging 10 series of rows/10 each (heap cost). */
  readonly merged10PerSec: number;
}

export const TARGETS = { storeLoadMs: 1000, replayPerSec: 5_000_000 } as const;

const SERIES: SeriesKey = { symbol: 'BTC/USDT', timeframe: '1m' };
const MIN = 60_000;

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random-walk 1m series of `n` valid candles. */
export function syntheticColumns(n: number, seed = 42, start = Date.UTC(2020, 0, 1)): OhlcvColumns {
  const rnd = prng(seed);
  const cols = { length: n, openTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let price = 10_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + (rnd() - 0.5) * 0.004);
    cols.openTime[i] = start + i * MIN;
    cols.open[i] = open;
    cols.close[i] = close;
    cols.high[i] = Math.max(open, close) * (1 + rnd() * 0.001);
    cols.low[i] = Math.min(open, close) * (1 - rnd() * 0.001);
    cols.volume[i] = rnd() * 10;
    price = close;
  }
  return cols;
}

async function writeStore(path: string, cols: OhlcvColumns): Promise<void> {
  const inst = await DuckDBInstance.create(path);
  const conn = await inst.connect();
  await conn.run(`CREATE TEMP TABLE appended (${CANDLE_COLUMNS})`);
  const app = await conn.createAppender('appended', 'main', 'temp');
  for (let i = 0; i < cols.length; i++) {
    app.appendVarchar('default');
    app.appendVarchar(SERIES.symbol);
    app.appendVarchar(SERIES.timeframe);
    app.appendBigInt(BigInt(cols.openTime[i]));
    app.appendDouble(cols.open[i]);
    app.appendDouble(cols.high[i]);
    app.appendDouble(cols.low[i]);
    app.appendDouble(cols.close[i]);
    app.appendDouble(cols.volume[i]);
    app.appendBoolean(false);
    app.endRow();
  }
  app.closeSync();
  await insertCandlesAsGiven(conn, 'SELECT * FROM appended');
  await conn.run('CHECKPOINT');
  conn.closeSync();
  inst.closeSync();
}

async function writeParquet(store: string, path: string): Promise<void> {
  const inst = await DuckDBInstance.create(store, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  await conn.run(`COPY (SELECT open_time, open, high, low, close, volume FROM candles ORDER BY open_time) TO '${path}' (FORMAT parquet)`);
  conn.closeSync();
  inst.closeSync();
}

/** Drains a feed into a consumer that only sums closes (so the work cannot be optimised away). */
async function drain(feed: Feed): Promise<{ n: number; sum: number; ms: number }> {
  const t0 = performance.now();
  let n = 0;
  let sum = 0;
  for await (const e of feed as AsyncIterable<MarketEvent>) {
    if (e.kind === 'candle') {
      sum += e.candle.close;
      n++;
    }
  }
  return { n, sum, ms: performance.now() - t0 };
}

/** Throws unless `n` candles whose closes sum to `sum` arrived: a timed path that lost or changed rows measures nothing. */
function checkDelivered(what: string, n: number, sum: number, expectRows: number, expectSum: number): void {
  if (n !== expectRows || Math.abs(sum - expectSum) > 1e-6 * Math.abs(expectSum)) {
    throw new Error(`${what} delivered ${n} candles (sum ${sum}), expected ${expectRows} (sum ${expectSum})`);
  }
}

async function best(repeats: number, expectRows: number, expectSum: number, make: () => Feed): Promise<number> {
  let bestMs = Infinity;
  for (let r = 0; r < repeats; r++) {
    const { n, sum, ms } = await drain(make());
    checkDelivered('feed', n, sum, expectRows, expectSum);
    bestMs = Math.min(bestMs, ms);
  }
  return (expectRows / bestMs) * 1000;
}

/** Candles per second from a file to engine-ready columns through a fresh in-memory store each repeat (best of the repeats). */
async function bestImportToColumns(repeats: number, path: string, expectRows: number, expectSum: number): Promise<number> {
  let bestMs = Infinity;
  for (let r = 0; r < repeats; r++) {
    const store = await openStore(':memory:');
    try {
      const t0 = performance.now();
      await importFile(store, path);
      const cols = await readStoreColumns({ db: store.instance, series: SERIES });
      const ms = performance.now() - t0;
      let sum = 0;
      for (let i = 0; i < cols.length; i++) sum += cols.close[i];
      checkDelivered(path, cols.length, sum, expectRows, expectSum);
      bestMs = Math.min(bestMs, ms);
    } finally {
      store.close();
    }
  }
  return (expectRows / bestMs) * 1000;
}

/** Runs the whole benchmark in a temp folder and returns the figures. */
export async function measureFeed(options: { rows?: number; repeats?: number; log?: (line: string) => void } = {}): Promise<FeedFigures> {
  const rows = options.rows ?? 1_000_000;
  const repeats = options.repeats ?? 3;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-feed-'));
  try {
    const cols = syntheticColumns(rows);
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += cols.close[i];
    const store = join(dir, 'store.duckdb');
    const parquet = join(dir, 'BTC_USDT-1m.parquet');
    const arrow = join(dir, 'BTC_USDT-1m.arrow');
    let t = performance.now();
    await writeStore(store, cols);
    await writeParquet(store, parquet);
    const { length: _n, ...arrays } = cols;
    writeFileSync(arrow, tableToIPC(tableFromArrays(arrays), 'file'));
    log(`setup: ${rows.toLocaleString('en-US')} seeded candles written to store, Parquet and Arrow in ${(performance.now() - t).toFixed(0)} ms`);

    const loads: number[] = [];
    let loaded: OhlcvColumns | null = null;
    for (let r = 0; r < repeats; r++) {
      t = performance.now();
      loaded = await readStoreColumns({ db: store, series: SERIES });
      loads.push(performance.now() - t);
    }
    if (loaded === null || loaded.length !== rows) throw new Error(`store load returned ${loaded?.length} rows, expected ${rows}`);
    const columns = loaded;
    const per10 = Math.floor(rows / 10);
    const ten = Array.from({ length: 10 }, (_, k) => ({
      series: { symbol: `S${k}`, timeframe: '1m' },
      columns: syntheticColumns(per10, 100 + k),
    }));
    let sum10 = 0;
    for (const s of ten) for (let i = 0; i < per10; i++) sum10 += s.columns.close[i];

    const figures: FeedFigures = {
      rows,
      storeLoadFirstMs: loads[0],
      storeLoadBestMs: Math.min(...loads),
      columnarPerSec: await best(repeats, rows, sum, () => new ColumnarFeed([{ series: SERIES, columns }])),
      columnarSyncPerSec: (() => {
        let bestMs = Infinity;
        for (let r = 0; r < repeats; r++) {
          const t0 = performance.now();
          let n = 0;
          for (const e of new ColumnarFeed([{ series: SERIES, columns }])) if (e.kind === 'candle') n += e.candle.close > 0 ? 1 : 0;
          if (n !== rows) throw new Error(`sync replay delivered ${n}`);
          bestMs = Math.min(bestMs, performance.now() - t0);
        }
        return (rows / bestMs) * 1000;
      })(),
      storePerSec: await best(repeats, rows, sum, () => storeFeed({ db: store, series: [SERIES] })),
      parquetImportToColumnsPerSec: await bestImportToColumns(repeats, parquet, rows, sum),
      arrowImportToColumnsPerSec: await bestImportToColumns(repeats, arrow, rows, sum),
      merged10PerSec: await best(repeats, per10 * 10, sum10, () => new ColumnarFeed(ten)),
    };
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(f: FeedFigures): string {
  const rate = (x: number) => `${(x / 1e6).toFixed(2)}M candles/s`;
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  return [
    `data feed benchmark, ${f.rows.toLocaleString('en-US')} candles of one 1m series (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`,
    `(a) ${mark(f.storeLoadBestMs < TARGETS.storeLoadMs)} store -> Float64Array columns: ${f.storeLoadBestMs.toFixed(0)} ms best (first ${f.storeLoadFirstMs.toFixed(0)} ms); target < ${TARGETS.storeLoadMs} ms`,
    `(b) ${mark(f.columnarPerSec >= TARGETS.replayPerSec)} ColumnarFeed, for await:        ${rate(f.columnarPerSec)}; target >= 5M/s`,
    `    ${mark(f.columnarSyncPerSec >= TARGETS.replayPerSec)} ColumnarFeed, sync for-of:      ${rate(f.columnarSyncPerSec)}`,
    `    ${mark(f.storePerSec >= TARGETS.replayPerSec)} storeFeed (DuckDB stream):     ${rate(f.storePerSec)}`,
    `    ${mark(f.merged10PerSec >= TARGETS.replayPerSec)} ColumnarFeed, 10 series merged: ${rate(f.merged10PerSec)}`,
    `(c)      Parquet import -> columns:     ${rate(f.parquetImportToColumnsPerSec)}`,
    `         Arrow import -> columns:       ${rate(f.arrowImportToColumnsPerSec)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = process.argv[2] ? Number(process.argv[2]) : undefined;
  const figures = await measureFeed({ rows, log: (l) => console.log(l) });
  console.log(report(figures));
  console.log(JSON.stringify(figures));
}
