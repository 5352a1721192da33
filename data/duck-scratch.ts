import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs `body` with a private in-memory DuckDB (UTC session time zone), closed afterwards: for reading and
 * writing Parquet/CSV files without touching the candle store.
 */
export async function withScratchDuckDB<T>(body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    return await body(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL identifier, quoted. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}
