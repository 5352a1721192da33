import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DOUBLE, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import { sqlIdent, sqlString, withScratchDuckDB } from './duck-scratch.ts';

/** One column of a table to write: numbers, strings, or epoch-ms times (written as UTC timestamps). */
export type TableColumn =
  | { name: string; kind: 'number'; values: ArrayLike<number> }
  | { name: string; kind: 'time'; values: ArrayLike<number> }
  | { name: string; kind: 'string'; values: ArrayLike<string> };

type SettableVector = { setItem(i: number, v: unknown): void; flush(): void };

const CHUNK = 2048;

/**
 * Writes columns to Parquet (zstd) or CSV through DuckDB, bulk-loaded chunk by chunk (no object per row).
 * Times become TIMESTAMP WITH TIME ZONE in Parquet and ISO 8601 (`...T..:..:..(.sss)Z`) in CSV. The same
 * input gives the same bytes.
 */
export async function writeTable(path: string, format: 'parquet' | 'csv', columns: readonly TableColumn[], orderBy?: string[]): Promise<void> {
  const n = columns.length === 0 ? 0 : columns[0].values.length;
  for (const c of columns) if (c.values.length !== n) throw new Error(`column ${c.name} has ${c.values.length} rows, expected ${n}`);
  mkdirSync(dirname(path), { recursive: true });
  await withScratchDuckDB(async (conn) => {
    const ddl = columns.map((c) => `${sqlIdent(c.name)} ${c.kind === 'string' ? 'VARCHAR' : 'DOUBLE'}`).join(', ');
    await conn.run(`CREATE TABLE t (${ddl})`);
    const appender = await conn.createAppender('t');
    const chunk = DuckDBDataChunk.create(columns.map((c) => (c.kind === 'string' ? VARCHAR : DOUBLE)));
    for (let off = 0; off < n; off += CHUNK) {
      const rows = Math.min(CHUNK, n - off);
      chunk.rowCount = rows;
      columns.forEach((col, ci) => {
        const vec = chunk.getColumnVector(ci) as unknown as SettableVector;
        const vals = col.values;
        for (let i = 0; i < rows; i++) vec.setItem(i, vals[off + i]);
        vec.flush();
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const select = columns
      .map((c) => {
        const id = sqlIdent(c.name);
        if (c.kind !== 'time') return id;
        return format === 'csv' ? `strftime(make_timestamp(${id}::BIGINT * 1000), '%Y-%m-%dT%H:%M:%S.%gZ') AS ${id}` : `make_timestamp(${id}::BIGINT * 1000)::TIMESTAMPTZ AS ${id}`;
      })
      .join(', ');
    const order = orderBy && orderBy.length ? ` ORDER BY ${orderBy.map(sqlIdent).join(', ')}` : '';
    const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet, COMPRESSION zstd';
    await conn.run(`COPY (SELECT ${select} FROM t${order}) TO ${sqlString(path)} (${options})`);
  });
}
