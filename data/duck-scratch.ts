import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface ScratchOptions {
  /**
   * DuckDB's memory limit (such as `'256MB'`): past it, tables and sorts spill to a private temporary folder,
   * removed afterwards. Without it DuckDB may take 80% of the machine's memory.
   */
  memoryLimit?: string;
}

/**
 * Runs `body` with a private in-memory DuckDB (UTC session time zone), closed afterwards: for reading and
 * writing Parquet/CSV files without touching the candle store.
 */
export async function withScratchDuckDB<T>(body: (conn: DuckDBConnection) => Promise<T>, opts: ScratchOptions = {}): Promise<T> {
  const spill = opts.memoryLimit === undefined ? null : mkdtempSync(join(tmpdir(), 'strata-duckdb-spill-'));
  const instance = await DuckDBInstance.create(':memory:', spill === null ? {} : { memory_limit: opts.memoryLimit!, temp_directory: spill });
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    return await body(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
    if (spill !== null) rmSync(spill, { recursive: true, force: true });
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
