import type { DuckDBValue } from '@duckdb/node-api';
import { withScratchDuckDB } from '../../data/duck-scratch.ts';

export type Row = Record<string, number | string | boolean | null>;

/** Plain JS values: DuckDB's bigints and decimals become numbers (the loader only writes JSON). */
function plain(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.getTime();
  return String(v);
}

/** Runs one query over files (read_parquet etc.) in a private in-memory DuckDB and returns the rows as plain objects. */
export async function queryRows(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
  return withScratchDuckDB(async (conn) => {
    const reader = await conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  });
}

/** Like queryRows, column by column. */
export async function queryColumns(sql: string, params: DuckDBValue[] = []): Promise<Record<string, (number | string | boolean | null)[]>> {
  return withScratchDuckDB(async (conn) => {
    const reader = await conn.runAndReadAll(sql, params);
    const cols = reader.getColumnsObjectJS();
    return Object.fromEntries(Object.entries(cols).map(([k, vs]) => [k, vs.map(plain)]));
  });
}
