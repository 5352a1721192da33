import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDuckDb } from './duck-open.ts';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Timeframe } from '../engine/types.ts';
import { CANDLES_DDL, CANDLES_FROM_TABLE, DEFAULT_STORE_PATH, FUNDING_DDL, QUARANTINE_DDL, SERIES_INFO_DDL, STAGING_DDL } from './store-schema.ts';

/** An open candle store: one DuckDB database file (or `:memory:`) and one connection to it. */
export interface Store {
  readonly path: string;
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Identifies one stored series. */
export interface SeriesRef {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/** Creates the candle tables and view, moving the rows of a store made when `candles` was a table (CANDLES_FROM_TABLE). */
export async function ensureCandleTables(connection: DuckDBConnection): Promise<void> {
  const tables = await connection.runAndReadAll(
    "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'candles' AND database_name = current_database()",
  );
  const statements = Number(tables.getRows()[0][0]) > 0 ? CANDLES_FROM_TABLE : CANDLES_DDL;
  await transaction(connection, async () => {
    for (const sql of statements) await connection.run(sql);
  });
}

/** Opens (creating file, parent folders and tables as needed) the candle store at `path`. */
export async function openStore(path: string = DEFAULT_STORE_PATH): Promise<Store> {
  if (path !== ':memory:' && !path.startsWith(':memory:')) mkdirSync(dirname(path), { recursive: true });
  // Two imports into one store (two processes) take turns: the second waits for the first's lock (bounded).
  const instance = path.startsWith(':memory:') ? await DuckDBInstance.create(path) : await openDuckDb(path);
  const connection = await instance.connect();
  await ensureCandleTables(connection);
  await connection.run(QUARANTINE_DDL);
  await connection.run(SERIES_INFO_DDL);
  await connection.run(FUNDING_DDL);
  await connection.run(STAGING_DDL);
  let closed = false;
  return {
    path,
    instance,
    connection,
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs `body` in one transaction: all of an import lands, or none of it. */
export function inTransaction<T>(store: Store, body: () => Promise<T>): Promise<T> {
  return transaction(store.connection, body);
}

async function transaction<T>(connection: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await body();
    await connection.run('COMMIT');
    return result;
  } catch (err) {
    await connection.run('ROLLBACK');
    throw err;
  }
}
