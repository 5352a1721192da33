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
 * writing Parquet/CSV files without touching the candle store. `connect` opens another connection to it.
 */
export async function withScratchDuckDB<T>(body: (conn: DuckDBConnection, connect: () => Promise<DuckDBConnection>) => Promise<T>, opts: ScratchOptions = {}): Promise<T> {
  const spill = opts.memoryLimit === undefined ? null : mkdtempSync(join(tmpdir(), 'strata-duckdb-spill-'));
  const instance = await DuckDBInstance.create(':memory:', spill === null ? {} : { memory_limit: opts.memoryLimit!, temp_directory: spill });
  const conns: DuckDBConnection[] = [];
  // More connections to the same database, for queries that run side by side; closed with the first.
  const connect = async () => {
    const c = await instance.connect();
    conns.push(c);
    await c.run("SET TimeZone = 'UTC'");
    return c;
  };
  try {
    return await body(await connect(), connect);
  } finally {
    for (const c of conns) c.closeSync();
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

/**
 * Runs `tasks` over `conns`, one lane per connection, each lane taking the next task when its last is done: one
 * lane's JavaScript (filling a table) runs while another's query (a COPY) runs on DuckDB's threads. Every task
 * is settled before the first error is thrown, so no query is left running on a connection being closed.
 */
export async function inLanes(conns: readonly DuckDBConnection[], tasks: readonly ((conn: DuckDBConnection) => Promise<void>)[]): Promise<void> {
  let next = 0;
  const lanes = await Promise.allSettled(
    conns.map(async (c) => {
      while (next < tasks.length) await tasks[next++](c);
    }),
  );
  for (const l of lanes) if (l.status === 'rejected') throw l.reason;
}
