import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent, sqlString, withScratchDuckDB } from './duck-scratch.ts';
import { columnLoad, type Vector, type TableColumn } from './table-columns.ts';

export { ISO_MS_FORMAT, MAX_ENUM, type LabelFormats, type TableColumn } from './table-columns.ts';

const CHUNK = 2048;

let tableSeq = 0;

/** Checks that every part has the first part's columns (names and kinds, in order), each of one length; returns the row count. */
function checkParts(parts: readonly (readonly TableColumn[])[]): number {
  if (parts.length === 0) throw new Error('a table needs at least one part of columns');
  const first = parts[0];
  let rows = 0;
  parts.forEach((columns, k) => {
    if (columns.length !== first.length) throw new Error(`part ${k} has ${columns.length} columns, expected ${first.length}`);
    const n = columns.length === 0 ? 0 : columns[0].values.length;
    columns.forEach((c, ci) => {
      if (c.name !== first[ci].name || c.kind !== first[ci].kind) throw new Error(`part ${k} column ${ci} is ${c.name} (${c.kind}), expected ${first[ci].name} (${first[ci].kind})`);
      if (c.values.length !== n) throw new Error(`column ${c.name} has ${c.values.length} rows, expected ${n}${parts.length > 1 ? ` (part ${k})` : ''}`);
    });
    rows += n;
  });
  return rows;
}

/**
 * Writes columns to Parquet (zstd) or CSV through `conn` (an in-memory DuckDB): numbers and few-valued strings are
 * copied into DuckDB's vectors a chunk at a time, never one JavaScript call per value. Times become TIMESTAMP WITH
 * TIME ZONE in Parquet and ISO 8601 (`...T..:..:..(.sss)Z`) in CSV. The same input gives the same bytes.
 * `orderBy` sorts a string column of up to 65,535 distinct values in first-seen order (it is an ENUM).
 */
export async function writeTableWith(conn: DuckDBConnection, path: string, format: 'parquet' | 'csv', columns: readonly TableColumn[], orderBy?: string[]): Promise<void> {
  await writeTablePartsWith(conn, path, format, [columns], orderBy);
}

/**
 * writeTableWith for a table given as parts (say one per strategy), written one after another as if their columns
 * were joined: the caller never builds the joined columns, which for a fleet's equity would be a second copy of
 * every curve. Every part has the same columns; an enum column gives the same dictionary in each.
 */
export async function writeTablePartsWith(conn: DuckDBConnection, path: string, format: 'parquet' | 'csv', parts: readonly (readonly TableColumn[])[], orderBy?: string[]): Promise<void> {
  const total = checkParts(parts);
  mkdirSync(dirname(path), { recursive: true });
  const columns = parts[0];
  const table = `strata_table_${++tableSeq}`;
  const types: string[] = [];
  const loads = columns.map((_, ci) =>
    columnLoad(
      parts.map((p) => p[ci]),
      tableSeq * 1000 + ci,
      types,
    ),
  );
  for (const t of types) await conn.run(t);
  try {
    const physical = loads.flatMap((l, ci) => [{ name: sqlIdent(columns[ci].name), ddl: l.ddl, fills: l.fills }, ...(l.extra ? [l.extra] : [])]);
    await conn.run(`CREATE TABLE ${table} (${physical.map((p) => `${p.name} ${p.ddl}`).join(', ')})`);
    const appender = await conn.createAppender(table);
    const chunk = DuckDBDataChunk.create(physical.map((_, pi) => appender.columnType(pi)));
    // Every chunk is full but the last, whatever the parts' lengths: the file's row groups, and so its bytes, do
    // not depend on how the rows were split into parts.
    const partRows = parts.map((p) => (p.length === 0 ? 0 : p[0].values.length));
    let k = 0;
    let off = 0;
    for (let done = 0; done < total; ) {
      const rows = Math.min(CHUNK, total - done);
      done += rows;
      chunk.rowCount = rows;
      const vectors = physical.map((_, pi) => chunk.getColumnVector(pi) as unknown as Vector);
      for (let dst = 0; dst < rows; ) {
        if (off === partRows[k]) {
          k++;
          off = 0;
          continue;
        }
        const n = Math.min(rows - dst, partRows[k] - off);
        for (let pi = 0; pi < physical.length; pi++) physical[pi].fills[k](vectors[pi], dst, off, n);
        dst += n;
        off += n;
      }
      for (const v of vectors) v.flush();
      for (const l of loads) l.chunkDone?.();
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const select = loads.map((l) => l.select(format)).join(', ');
    const order = orderBy && orderBy.length ? ` ORDER BY ${orderBy.map(sqlIdent).join(', ')}` : '';
    const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet, COMPRESSION zstd';
    await conn.run(`COPY (SELECT ${select} FROM ${table}${order}) TO ${sqlString(path)} (${options})`);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    for (const l of loads) if (l.ddl.startsWith('strata_enum_')) await conn.run(`DROP TYPE IF EXISTS ${l.ddl}`);
  }
}

/** writeTableWith on a private in-memory DuckDB of its own. */
export async function writeTable(path: string, format: 'parquet' | 'csv', columns: readonly TableColumn[], orderBy?: string[]): Promise<void> {
  await withScratchDuckDB((conn) => writeTableWith(conn, path, format, columns, orderBy));
}
