import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ensureCandleTables, type Store } from '../data/store.ts';

/** Path of a file in data/samples/ (tests read samples from the repository, never from outside it). */
export function sample(name: string): string {
  return new URL(`../data/samples/${name}`, import.meta.url).pathname;
}

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-data-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A checksum of the whole candles table (order-independent) and its row count. */
export async function candlesChecksum(store: Store): Promise<string> {
  const r = await store.connection.runAndReadAll(
    `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(exchange, symbol, timeframe, open_time, open, high, low, close, volume, synthetic)::HUGEINT), 0)::VARCHAR FROM candles`,
  );
  return String(r.getRows()[0][0]);
}

/** Quarantine rows of a source, without the import time. */
export async function quarantineRows(store: Store): Promise<{ source: string; row: number; reason: string; raw: string }[]> {
  const r = await store.connection.runAndReadAll('SELECT source, row_number::DOUBLE, reason, raw FROM quarantine ORDER BY source, row_number');
  return r.getRows().map(([source, row, reason, raw]) => ({ source: String(source), row: row as number, reason: String(reason), raw: String(raw) }));
}

/** The columns of the view `candles`, for a table that insertCandlesAsGiven reads from. */
export const CANDLE_COLUMNS =
  'exchange VARCHAR, symbol VARCHAR, timeframe VARCHAR, open_time BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, synthetic BOOLEAN';

/**
 * For tests of the store's readers: candles written exactly as given, in the given row order (which the
 * store's writer would sort). `select` yields exchange, symbol, timeframe, open_time, open, high, low,
 * close, volume, synthetic; the store's tables are created if missing.
 */
export async function insertCandlesAsGiven(conn: DuckDBConnection, select: string): Promise<void> {
  await ensureCandleTables(conn);
  await conn.run(`CREATE OR REPLACE TEMP TABLE candles_as_given AS ${select}`);
  await conn.run(
    `INSERT INTO series_ids SELECT (SELECT coalesce(max(id), 0) FROM series_ids) + row_number() OVER (ORDER BY exchange, symbol, timeframe), exchange, symbol, timeframe
     FROM (SELECT DISTINCT exchange, symbol, timeframe FROM candles_as_given) g WHERE NOT EXISTS (SELECT 1 FROM series_ids s WHERE s.exchange = g.exchange AND s.symbol = g.symbol AND s.timeframe = g.timeframe)`,
  );
  await conn.run(
    `INSERT INTO candle_rows SELECT s.id, g.open_time, g.open, g.high, g.low, g.close, g.volume, g.synthetic
     FROM candles_as_given g JOIN series_ids s USING (exchange, symbol, timeframe) ORDER BY g.rowid`,
  );
  await conn.run('DROP TABLE candles_as_given');
}
