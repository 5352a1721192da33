import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Streams a query whose columns are all DOUBLE (cast in SQL) into one Float64Array per column, chunk by
 * chunk, without making an object per row. NULL becomes NaN.
 */
export async function readDoubleColumns(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Float64Array[]> {
  const result = await conn.stream(sql, params);
  const width = result.columnCount;
  let cap = 4096;
  let len = 0;
  let cols = Array.from({ length: width }, () => new Float64Array(cap));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (len + n > cap) {
      while (len + n > cap) cap *= 2;
      cols = cols.map((old) => {
        const grown = new Float64Array(cap);
        grown.set(old.subarray(0, len));
        return grown;
      });
    }
    for (let c = 0; c < width; c++) {
      const vec = chunk.getColumnVector(c);
      const dst = cols[c];
      for (let k = 0; k < n; k++) {
        const v = vec.getItem(k);
        dst[len + k] = v === null ? Number.NaN : (v as number);
      }
    }
    len += n;
  }
  return cols.map((c) => c.slice(0, len));
}
