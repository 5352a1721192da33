import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { fromCandles } from './columns.ts';
import { readSeries } from './store-read.ts';
import { upsertCandles } from './store-write.ts';
import { openStore } from './store.ts';
import { tempDir } from '../testkit/data.ts';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const S = { exchange: 'x', symbol: 'BTC/USDT', timeframe: '1m' as const };
const bar = (minute: number, close: number) => ({ openTime: T0 + minute * MIN, open: close, high: close + 1, low: close - 1, close, volume: 1 });

/** Columns of `bars`, the ones at `synthetic` indices flagged as gap fills. */
function batch(bars: ReturnType<typeof bar>[], synthetic: number[] = []) {
  const cols = fromCandles(bars);
  for (const i of synthetic) cols.synthetic[i] = 1;
  return cols;
}

async function stored(store: Awaited<ReturnType<typeof openStore>>) {
  const s = await readSeries(store, S);
  return Array.from({ length: s.length }, (_, i) => [(s.openTime[i] - T0) / MIN, s.close[i], s.synthetic[i]]);
}

describe('writing candles', () => {
  it('keeps one row per open time: a real row replaces a stored one, a synthetic row only fills where none is stored', async () => {
    const store = await openStore(':memory:');
    await upsertCandles(store, S, batch([bar(0, 10), bar(1, 11), bar(2, 12)], [1]));
    // Minute 0 synthetic over a real row: ignored. Minute 1 real over a synthetic one: replaces it.
    // Minute 5 synthetic where nothing is stored: kept. Minute 2 real: replaces.
    await upsertCandles(store, S, batch([bar(0, 90), bar(1, 91), bar(2, 92), bar(5, 95)], [0, 3]));
    expect(await stored(store)).toEqual([
      [0, 10, 0],
      [1, 91, 0],
      [2, 92, 0],
      [5, 95, 1],
    ]);
    const [[rows]] = (await store.connection.runAndReadAll('SELECT count(*)::INTEGER FROM candles')).getRows();
    expect(rows).toBe(4);
    store.close();
  });

  it('refuses a batch that holds one open time twice, and writes nothing of it', async () => {
    const store = await openStore(':memory:');
    await upsertCandles(store, S, batch([bar(0, 10)]));
    await expect(upsertCandles(store, S, batch([bar(1, 11), bar(2, 12), bar(1, 13)]))).rejects.toThrow(
      'upsertCandles: open time 2024-01-01T00:01:00.000Z appears more than once in one batch of x BTC/USDT 1m; nothing was written',
    );
    expect(await stored(store)).toEqual([[0, 10, 0]]);
    store.close();
  });

  it('moves a store made when candles was a table (with its old primary key) to candle_rows, in series and time order', async () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, 'old.duckdb');
      const inst = await DuckDBInstance.create(path);
      const conn = await inst.connect();
      await conn.run(`CREATE TABLE candles (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, open_time BIGINT NOT NULL,
        open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE NOT NULL,
        synthetic BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (exchange, symbol, timeframe, open_time))`);
      await conn.run(`INSERT INTO candles VALUES ('x', 'BTC/USDT', '1m', ${T0 + 2 * MIN}, 12, 13, 11, 12, 1, false), ('x', 'BTC/USDT', '1m', ${T0}, 10, 11, 9, 10, 1, false),
        ('a', 'ETH/USDT', '1m', ${T0}, 50, 51, 49, 50, 2, false), ('x', 'BTC/USDT', '1m', ${T0 + MIN}, 11, 12, 10, 11, 1, true)`);
      conn.closeSync();
      inst.closeSync();
      for (let open = 0; open < 2; open++) {
        const store = await openStore(path);
        const q = async (sql: string) => (await store.connection.runAndReadAll(sql)).getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
        expect(await q("SELECT view_name FROM duckdb_views() WHERE view_name = 'candles'"), 'candles is the view').toEqual([['candles']]);
        expect(await q('SELECT id, exchange, symbol, timeframe FROM series_ids ORDER BY id')).toEqual([
          [1, 'a', 'ETH/USDT', '1m'],
          [2, 'x', 'BTC/USDT', '1m'],
        ]);
        expect(await q(`SELECT series_id, (open_time - ${T0}) // ${MIN} FROM candle_rows ORDER BY rowid`), 'rows in series and time order').toEqual([
          [1, 0],
          [2, 0],
          [2, 1],
          [2, 2],
          ...(open === 1 ? [[2, 3]] : []),
        ]);
        expect(await stored(store)).toEqual([
          [0, 10, 0],
          [1, 11, 1],
          [2, 12, 0],
          ...(open === 1 ? [[3, 13, 0]] : []),
        ]);
        // The second opening finds the new layout as left, with the row written after the move.
        if (open === 0) await upsertCandles(store, S, batch([bar(3, 13)]));
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
