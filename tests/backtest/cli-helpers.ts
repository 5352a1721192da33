/** Helpers for end-to-end tests of the `strata` CLI: run it as a child process, read the tables it wrote. */
import { execFile } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/strata.js ...args` from the repository root (no TTY, so no progress bars). */
export function runCli(args: readonly string[], timeoutMs = 120_000, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/strata.js', ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Column names and types, and every row (as JSON values), of a Parquet or CSV file, through DuckDB. */
export async function readTableFile(path: string, orderBy?: string): Promise<{ columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const src = `'${path.replace(/'/g, "''")}'`;
    const d = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
    const columns = (d.getRowObjectsJson() as { column_name: string; column_type: string }[]).map((r) => ({ name: r.column_name, type: r.column_type }));
    const r = await c.runAndReadAll(`SELECT * FROM ${src}${orderBy ? ` ORDER BY ${orderBy}` : ''}`);
    return { columns, rows: r.getRowObjectsJson() as Record<string, unknown>[] };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Rows of a query against a DuckDB database file, opened read-only. */
export async function queryDb(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
