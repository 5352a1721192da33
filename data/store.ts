import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDuckDb } from './duck-open.ts';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Timeframe } from '../engine/types.ts';
import { CANDLES_DDL, CANDLES_UNKEY, DEFAULT_STORE_PATH, FUNDING_DDL, QUARANTINE_DDL, SERIES_INFO_DDL, STAGING_DDL } from './store-schema.ts';

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

/** Rebuilds a `candles` table made with the primary key it no longer has (see CANDLES_UNKEY). */
async function unkeyCandles(connection: DuckDBConnection): Promise<void> {
  const keyed = await connection.runAndReadAll(
    "SELECT count(*)::INTEGER FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = 'candles' AND constraint_type = 'PRIMARY KEY' AND database_name = current_database()",
  );
  if (Number(keyed.getRows()[0][0]) === 0) return;
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const sql of CANDLES_UNKEY) await connection.run(sql);
    await connection.run('COMMIT');
  } catch (err) {
    await connection.run('ROLLBACK');
    throw err;
  }
}

/** Opens (creating file, parent folders and tables as needed) the candle store at `path`. */
export async function openStore(path: string = DEFAULT_STORE_PATH): Promise<Store> {
  if (path !== ':memory:' && !path.startsWith(':memory:')) mkdirSync(dirname(path), { recursive: true });
  // Two imports into one store (two processes) take turns: the second waits for the first's lock (bounded).
  const instance = path.startsWith(':memory:') ? await DuckDBInstance.create(path) : await openDuckDb(path);
  const connection = await instance.connect();
  await connection.run(CANDLES_DDL);
  await unkeyCandles(connection);
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
export async function inTransaction<T>(store: Store, body: () => Promise<T>): Promise<T> {
  await store.connection.run('BEGIN TRANSACTION');
  try {
    const result = await body();
    await store.connection.run('COMMIT');
    return result;
  } catch (err) {
    await store.connection.run('ROLLBACK');
    throw err;
  }
}
