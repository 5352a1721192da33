/**
 * Runs the shared feed contract (testkit/contracts/feed-contract.ts) for every feed kind over the same real candles:
 * three freqtrade Feather samples (two 5m series with identical close times, one 30m series), written
 * straight into a DuckDB store, and rewritten into Parquet, CSV and multi-batch Arrow IPC with varied
 * time-column layouts that reach the feeds the way users' files do: imported into a store by importFile.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Table, tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Candle, SeriesKey } from '../engine/types.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import { expect } from 'vitest';
import { describeFeedContract, type FeedFixture, type FeedRequest, type FeedUnderTest } from '../testkit/contracts/feed-contract.ts';
import { registerArrowCodecs } from './formats/arrow-codecs.ts';
import { ColumnarFeed, readStoreColumns, storeFeed } from './historical-feed.ts';
import { importFile, type ImportOptions } from './import.ts';
import { openStore, type Store } from './store.ts';
import { CANDLE_COLUMNS, insertCandlesAsGiven } from '../testkit/data.ts';

const SAMPLES = join(import.meta.dirname, 'samples');
const FILES = ['UNITTEST_BTC-5m.feather', 'LTC_BTC-5m.feather', 'UNITTEST_BTC-30m.feather'];
const SERIES: SeriesKey[] = [
  { symbol: 'UNITTEST/BTC', timeframe: '5m' },
  { symbol: 'LTC/BTC', timeframe: '5m' },
  { symbol: 'UNITTEST/BTC', timeframe: '30m' },
];

/** Reference candles read with apache-arrow's whole-table reader, independently of the feed's streaming reader. */
function loadFixture(): FeedFixture {
  registerArrowCodecs();
  const candles = FILES.map((file, s) => {
    const table = tableFromIPC(readFileSync(join(SAMPLES, file)));
    const col = (name: string) => table.getChild(name)!;
    const tf = SERIES[s].timeframe;
    return Array.from({ length: table.numRows }, (_, i): Candle => {
      const openTime = Number(col('date').get(i));
      return {
        symbol: SERIES[s].symbol,
        timeframe: tf,
        openTime,
        closeTime: openTime + timeframeMs(tf),
        open: col('open').get(i),
        high: col('high').get(i),
        low: col('low').get(i),
        close: col('close').get(i),
        volume: col('volume').get(i),
      };
    });
  });
  return { series: SERIES, candles };
}

const fixture = loadFixture();
const pickSeries = (req: FeedRequest) => req.pick.map((i) => SERIES[i]);
const range = (req: FeedRequest) => ({ from: req.from, to: req.to, chunkRows: req.chunkRows });

/** The fixture in a DuckDB table `ref(series, open_time, open, high, low, close, volume)`, for COPY ... TO. */
async function refTable(): Promise<{ instance: DuckDBInstance; run: (sql: string) => Promise<void> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run('CREATE TABLE ref (series INTEGER, open_time BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)');
  const app = await conn.createAppender('ref');
  fixture.candles.forEach((list, s) => {
    for (const c of list) {
      app.appendInteger(s);
      app.appendBigInt(BigInt(c.openTime));
      for (const v of [c.open, c.high, c.low, c.close, c.volume]) app.appendDouble(v);
      app.endRow();
    }
  });
  app.closeSync();
  return { instance, run: async (sql) => void (await conn.run(sql)) };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-feed-'));
  tempDirs.push(dir);
  return dir;
}
const cleanup = () => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
};

describeFeedContract('columnar (in memory)', async () => ({
  fixture,
  make: (req) =>
    new ColumnarFeed(
      req.pick.map((i) => {
        const list = fixture.candles[i];
        const col = (f: (c: Candle) => number) => Float64Array.from(list, f);
        return {
          series: SERIES[i],
          columns: {
            length: list.length,
            openTime: col((c) => c.openTime),
            open: col((c) => c.open),
            high: col((c) => c.high),
            low: col((c) => c.low),
            close: col((c) => c.close),
            volume: col((c) => c.volume),
          },
        };
      }),
      range(req),
    ),
}));

/**
 * A store holding `files` imported as `strata data import` imports them (importFile), kept in memory for the
 * suite; every import must take all of its file's candles and quarantine none, so the feed sees them all.
 */
async function importedStore(files: readonly { path: string; opts?: ImportOptions; series: number }[]): Promise<Store> {
  const store = await openStore(':memory:');
  for (const f of files) {
    const report = await importFile(store, f.path, f.opts);
    expect([report.series.symbol, report.series.timeframe], f.path).toEqual([SERIES[f.series].symbol, SERIES[f.series].timeframe]);
    expect([report.imported, report.quarantined], `${f.path}: imported, quarantined`).toEqual([fixture.candles[f.series].length, 0]);
  }
  return store;
}

/** The feed the store path gives: storeFeed over the store the files were imported into. */
function importedFeed(store: Store): FeedUnderTest {
  return {
    fixture,
    make: (req) => storeFeed({ db: store.instance, series: pickSeries(req), ...range(req) }),
    cleanup: () => {
      store.close();
      cleanup();
    },
  };
}

const named = (path: string, series: number) => ({ path, series, opts: { symbol: SERIES[series].symbol, timeframe: SERIES[series].timeframe } });

describeFeedContract('feather (freqtrade samples, LZ4 Arrow IPC, imported into a store)', async () =>
  importedFeed(await importedStore(FILES.map((file, s) => ({ path: join(SAMPLES, file), series: s })))),
);

describeFeedContract('arrow IPC (written here: many batches, numeric time columns, file and stream format; imported)', async () => {
  const dir = tempDir();
  const layouts: [string, (t: number) => number | bigint, 'file' | 'stream'][] = [
    ['open_time', (t) => t, 'file'],
    ['timestamp', (t) => BigInt(t / 1000), 'file'],
    ['time', (t) => BigInt(t) * 1_000_000n, 'stream'],
  ];
  const paths = fixture.candles.map((list, s) => {
    const [name, conv, format] = layouts[s];
    const batches = [];
    for (let at = 0; at < list.length; at += 999) {
      const part = list.slice(at, at + 999);
      const times = part.map((c) => conv(c.openTime));
      const t = typeof times[0] === 'bigint' ? BigInt64Array.from(times as bigint[]) : Float64Array.from(times as number[]);
      const f = (g: (c: Candle) => number) => Float64Array.from(part, g);
      const table = tableFromArrays({ [name]: t, open: f((c) => c.open), high: f((c) => c.high), low: f((c) => c.low), close: f((c) => c.close), volume: f((c) => c.volume) });
      batches.push(...table.batches);
    }
    const path = join(dir, `series${s}.${format === 'file' ? 'arrow' : 'arrows'}`);
    writeFileSync(path, tableToIPC(new Table(batches), format));
    return path;
  });
  return importedFeed(await importedStore(paths.map(named)));
});

describeFeedContract('parquet (TIMESTAMP, ms BIGINT, TIMESTAMP_NS time columns; imported)', async () => {
  const dir = tempDir();
  const { instance, run } = await refTable();
  const timeCols = ['make_timestamp(open_time * 1000) AS date', 'open_time', 'CAST(make_timestamp(open_time * 1000) AS TIMESTAMP_NS) AS "timestamp"'];
  const paths = SERIES.map((_, s) => join(dir, `series${s}.parquet`));
  for (let s = 0; s < SERIES.length; s++) {
    await run(
      `COPY (SELECT ${timeCols[s]}, open, high, low, close, volume FROM ref WHERE series = ${s} ORDER BY open_time) ` +
        `TO '${paths[s]}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
    );
  }
  instance.closeSync();
  return importedFeed(await importedStore(paths.map(named)));
});

describeFeedContract('csv (ms, seconds, ISO text; any header case; imported)', async () => {
  const dir = tempDir();
  const { instance, run } = await refTable();
  const selects = [
    'open_time AS "timestamp", open, high, low, close, volume',
    'open_time // 1000 AS "time", open AS "Open", high AS "High", low AS "Low", close AS "Close", volume AS "Volume"',
    "strftime(make_timestamp(open_time * 1000), '%Y-%m-%d %H:%M:%S') AS date, open, high, low, close, volume",
  ];
  const paths = SERIES.map((_, s) => join(dir, `series${s}.csv`));
  for (let s = 0; s < SERIES.length; s++) {
    await run(`COPY (SELECT ${selects[s]} FROM ref WHERE series = ${s} ORDER BY open_time) TO '${paths[s]}' (HEADER)`);
  }
  instance.closeSync();
  return importedFeed(await importedStore(paths.map(named)));
});

describeFeedContract('mixed files (Feather, Parquet and CSV named by series, imported; ColumnarFeed over readStoreColumns)', async () => {
  const dir = tempDir();
  const { instance, run } = await refTable();
  const parquet = join(dir, 'LTC_BTC-5m.parquet');
  const csv = join(dir, 'UNITTEST_BTC-30m.csv');
  await run(`COPY (SELECT open_time, open, high, low, close, volume FROM ref WHERE series = 1 ORDER BY open_time) TO '${parquet}' (FORMAT parquet)`);
  await run(`COPY (SELECT open_time, open, high, low, close, volume FROM ref WHERE series = 2 ORDER BY open_time) TO '${csv}' (HEADER)`);
  instance.closeSync();
  // Symbol and timeframe come from the freqtrade-style file names here.
  const store = await importedStore([join(SAMPLES, FILES[0]), parquet, csv].map((path, series) => ({ path, series })));
  const columns = await Promise.all(SERIES.map((series) => readStoreColumns({ db: store.instance, series })));
  return {
    fixture,
    make: (req) => new ColumnarFeed(req.pick.map((i) => ({ series: SERIES[i], columns: columns[i] })), range(req)),
    cleanup: () => {
      store.close();
      cleanup();
    },
  };
});

describeFeedContract('store (DuckDB candles table, rows inserted in reverse among decoy series)', async () => {
  const path = join(tempDir(), 'store.duckdb');
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`CREATE TEMP TABLE appended (${CANDLE_COLUMNS})`);
  const app = await conn.createAppender('appended', 'main', 'temp');
  const add = (exchange: string, symbol: string, c: Candle, bump = 0) => {
    app.appendVarchar(exchange);
    app.appendVarchar(symbol);
    app.appendVarchar(c.timeframe);
    app.appendBigInt(BigInt(c.openTime));
    for (const v of [c.open, c.high, c.low, c.close, c.volume]) app.appendDouble(v + bump);
    app.appendBoolean(false);
    app.endRow();
  };
  fixture.candles.forEach((list, s) => {
    for (let i = list.length - 1; i >= 0; i--) {
      add('binance', list[i].symbol, list[i]);
      add('kraken', list[i].symbol, list[i], 1);
      if (s === 0) add('binance', 'DECOY/BTC', list[i], 2);
    }
  });
  app.closeSync();
  await insertCandlesAsGiven(conn, 'SELECT * FROM appended');
  conn.closeSync();
  instance.closeSync();
  return {
    fixture,
    make: (req) => storeFeed({ db: path, exchange: 'binance', series: pickSeries(req), ...range(req) }),
    cleanup,
  };
});
