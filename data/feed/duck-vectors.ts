import type { DuckDBVector } from '@duckdb/node-api';

/** What a @duckdb/node-api 1.x DOUBLE vector holds: its data as a Float64Array and a validity mask (null: no NULLs). */
interface DoubleVectorInternals {
  readonly items?: unknown;
  readonly validity?: { readonly data?: unknown };
}

/**
 * A DOUBLE column of a DuckDB data chunk as a Float64Array, NULL as NaN. When the vector exposes its
 * data array and has no NULLs (always, for the store's NOT NULL columns), that array is returned as is:
 * a view of DuckDB's memory, valid while the chunk is. Otherwise (a NULL present, or a library version
 * laid out differently) values are copied one by one through the public getItem into `scratch` (its
 * first `rows` entries; a larger array is allocated if it is too small).
 */
export function doubleColumn(vec: DuckDBVector, rows: number, scratch: Float64Array): Float64Array {
  const v = vec as unknown as DoubleVectorInternals;
  if (v.items instanceof Float64Array && v.items.length === rows && v.validity !== undefined && v.validity.data === null) {
    return v.items;
  }
  const out = scratch.length >= rows ? scratch : new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = vec.getItem(i) as number | null;
    out[i] = x === null ? Number.NaN : x;
  }
  return out;
}

/** Scratch buffers for doubleColumn, one per column, sized to DuckDB's vector size (2,048 rows). */
export function scratchColumns(width: number, rows = 2048): Float64Array[] {
  return Array.from({ length: width }, () => new Float64Array(rows));
}
