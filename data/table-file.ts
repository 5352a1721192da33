import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent, sqlString, withScratchDuckDB } from './duck-scratch.ts';

/**
 * One column of a table to write: numbers (null is SQL NULL), strings, epoch-ms times (written as UTC
 * timestamps), or labels: strings DuckDB formats from epoch-ms times with a strftime `format` (period labels
 * such as `2024-01-05`, which would otherwise cross into DuckDB one string at a time).
 */
export type TableColumn =
  /** `nulls[r] === 1` makes row r NULL (typed values with a mask, instead of an array holding nulls). */
  | { name: string; kind: 'number'; values: ArrayLike<number>; nulls?: Uint8Array }
  | { name: string; kind: 'time'; values: ArrayLike<number> }
  | { name: string; kind: 'string'; values: ArrayLike<string> }
  /** Strings given as codes into `dictionary` (at most 65,535 distinct values): no string per row at all. */
  | { name: string; kind: 'enum'; dictionary: readonly string[]; values: Uint16Array }
  | { name: string; kind: 'label'; values: ArrayLike<number>; format: string | LabelFormats };

/** Several strftime formats in one label column: row r is formatted with `formats[codes[r]]`. */
export interface LabelFormats {
  formats: readonly string[];
  codes: Uint8Array;
}

/** The slice of @duckdb/node-api's vector classes the loader uses (`items` is the vector's data before flush). */
type Vector = { items?: { set(src: ArrayLike<number>): void }; setItem(i: number, v: unknown): void; flush(): void };

const CHUNK = 2048;
/**
 * Strings with at most this many distinct values go in as ENUM codes (one or two bytes a row, no call per value):
 * DuckDB keeps an ENUM of up to 255 values in one byte and of up to 65,535 in two, so the strategy ids of a
 * 1,000-strategy run's 38 M equity rows cross as codes, not as 38 M strings.
 */
export const MAX_ENUM = 65_535;

/** The ISO 8601 UTC shape times are written in as text (`2024-01-01T00:00:00.000Z`; strftime's %g is milliseconds). */
export const ISO_MS_FORMAT = '%Y-%m-%dT%H:%M:%S.%gZ';

/** How one column reaches its DuckDB table, and how the COPY reads it back. */
interface ColumnLoad {
  ddl: string;
  /** Fills rows [off, off + rows) of the chunk's vector. */
  fill(vec: Vector, off: number, rows: number): void;
  select(format: 'parquet' | 'csv'): string;
  /** A second physical column the select reads too (a label column's format codes), not written out itself. */
  extra?: { name: string; ddl: string; fill(vec: Vector, off: number, rows: number): void };
}

/** Numbers: copied a chunk at a time into the vector's data; a chunk with a null (or right after one) goes value by value. */
function numberLoad(values: ArrayLike<number>, mask?: Uint8Array): Pick<ColumnLoad, 'fill'> {
  const typed = values instanceof Float64Array ? values : null;
  let nulls: Uint8Array | null = mask ?? null;
  let dense = typed;
  if (!typed) {
    dense = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number | null | undefined;
      if (v == null) (nulls ??= new Uint8Array(values.length))[i] = 1;
      else dense[i] = v;
    }
  }
  let previousHadNull = false;
  return {
    fill(vec, off, rows) {
      let hasNull = false;
      if (nulls) for (let i = 0; i < rows && !hasNull; i++) hasNull = nulls[off + i] === 1;
      // The vector's validity mask persists between chunks: after a chunk with nulls, every value is set again.
      if (hasNull || previousHadNull || !vec.items) for (let i = 0; i < rows; i++) vec.setItem(i, nulls && nulls[off + i] ? null : dense![off + i]);
      else vec.items.set(dense!.subarray(off, off + rows));
      previousHadNull = hasNull;
      vec.flush();
    },
  };
}

const TWO_32 = 4_294_967_296;

/**
 * Epoch-ms times written straight into a TIMESTAMPTZ vector as int64 microseconds, the low and high 32 bits
 * computed in float arithmetic (exact below 2^53 µs, the year 2255): no conversion in SQL and no BigInt per
 * value. Null when a time is not a whole number of ms in that range; such columns take the DOUBLE path.
 */
function timestampLoad(values: ArrayLike<number>): Pick<ColumnLoad, 'fill'> | null {
  for (let i = 0; i < values.length; i++) if (!Number.isSafeInteger(values[i] * 1000) || !Number.isInteger(values[i])) return null;
  return {
    fill(vec, off, rows) {
      const items = (vec as unknown as { items: BigInt64Array }).items;
      const lo = new Uint32Array(items.buffer, items.byteOffset, rows * 2);
      const hi = new Int32Array(items.buffer, items.byteOffset, rows * 2);
      for (let i = 0; i < rows; i++) {
        const us = values[off + i] * 1000;
        const h = Math.floor(us / TWO_32);
        lo[2 * i] = us - h * TWO_32;
        hi[2 * i + 1] = h;
      }
      vec.flush();
    },
  };
}

/** Distinct strings in first-seen order and each row's index among them, or null when a value is not a string. */
function dictionaryOf(values: ArrayLike<string>, max: number): { dictionary: string[]; codes: Uint16Array } | null {
  const index = new Map<string, number>();
  const codes = new Uint16Array(values.length);
  // Columns such as strategy ids come in long runs of one value: the last one is checked before the map.
  let last: string | undefined;
  let lastCode = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0 && v === last) {
      codes[i] = lastCode;
      continue;
    }
    if (typeof v !== 'string') return null;
    let c = index.get(v);
    if (c === undefined) {
      if (index.size >= max) return null;
      c = index.size;
      index.set(v, c);
    }
    codes[i] = c;
    last = v;
    lastCode = c;
  }
  return { dictionary: [...index.keys()], codes };
}

function columnLoad(c: TableColumn, ci: number, types: string[]): ColumnLoad {
  const id = sqlIdent(c.name);
  if (c.kind === 'enum' || c.kind === 'string') {
    const dict = c.kind === 'enum' ? { dictionary: [...c.dictionary], codes: c.values } : dictionaryOf(c.values, MAX_ENUM);
    if (c.kind === 'enum' && (dict!.dictionary.length > MAX_ENUM || new Set(dict!.dictionary).size !== dict!.dictionary.length)) throw new Error(`column ${c.name}: an enum dictionary holds at most ${MAX_ENUM} distinct values`);
    if (dict && dict.dictionary.length > 0) {
      const type = `strata_enum_${ci}`;
      types.push(`CREATE TYPE ${type} AS ENUM (${dict.dictionary.map(sqlString).join(', ')})`);
      return {
        ddl: type,
        fill: (vec, off, rows) => {
          vec.items!.set(dict.codes.subarray(off, off + rows));
          vec.flush();
        },
        // Parquet stores an ENUM as dictionary-encoded strings and reads back VARCHAR, so only CSV casts.
        select: (format) => (format === 'csv' ? `${id}::VARCHAR AS ${id}` : id),
      };
    }
    const strings = c.values as ArrayLike<string>;
    return {
      ddl: 'VARCHAR',
      fill: (vec, off, rows) => {
        for (let i = 0; i < rows; i++) vec.setItem(i, strings[off + i]);
        vec.flush();
      },
      select: () => id,
    };
  }
  const micros = c.kind === 'time' ? timestampLoad(c.values) : null;
  if (micros) return { ddl: 'TIMESTAMPTZ', fill: micros.fill, select: (format) => (format === 'csv' ? `strftime(${id}, '${ISO_MS_FORMAT}') AS ${id}` : id) };
  const load = numberLoad(c.values, c.kind === 'number' ? c.nulls : undefined);
  const timestamp = `make_timestamp(${id}::BIGINT * 1000)`;
  if (c.kind === 'label' && typeof c.format !== 'string') return labelsLoad(id, timestamp, load, c.format, ci);
  const select =
    c.kind === 'number'
      ? () => id
      : c.kind === 'label'
        ? () => `strftime(${timestamp}, ${sqlString(c.format as string)}) AS ${id}`
        : (format: 'parquet' | 'csv') => (format === 'csv' ? `strftime(${timestamp}, '${ISO_MS_FORMAT}') AS ${id}` : `${timestamp}::TIMESTAMPTZ AS ${id}`);
  return { ddl: 'DOUBLE', fill: load.fill, select };
}

/** A label column of several formats: the times, plus a one-byte format code per row that a CASE picks the format by. */
function labelsLoad(id: string, timestamp: string, times: Pick<ColumnLoad, 'fill'>, f: LabelFormats, ci: number): ColumnLoad {
  const code = `strata_format_${ci}`;
  const cases = f.formats.map((fmt, k) => `WHEN ${k} THEN strftime(${timestamp}, ${sqlString(fmt)})`).join(' ');
  return {
    ddl: 'DOUBLE',
    fill: times.fill,
    select: () => `CASE ${code} ${cases} END AS ${id}`,
    extra: {
      name: code,
      ddl: 'UTINYINT',
      fill: (vec, off, rows) => {
        vec.items!.set(f.codes.subarray(off, off + rows));
        vec.flush();
      },
    },
  };
}

let tableSeq = 0;

/**
 * Writes columns to Parquet (zstd) or CSV through `conn` (an in-memory DuckDB): numbers and few-valued strings are
 * copied into DuckDB's vectors a chunk at a time, never one JavaScript call per value. Times become TIMESTAMP WITH
 * TIME ZONE in Parquet and ISO 8601 (`...T..:..:..(.sss)Z`) in CSV. The same input gives the same bytes.
 * `orderBy` sorts a string column of up to 65,535 distinct values in first-seen order (it is an ENUM).
 */
export async function writeTableWith(conn: DuckDBConnection, path: string, format: 'parquet' | 'csv', columns: readonly TableColumn[], orderBy?: string[]): Promise<void> {
  const n = columns.length === 0 ? 0 : columns[0].values.length;
  for (const c of columns) if (c.values.length !== n) throw new Error(`column ${c.name} has ${c.values.length} rows, expected ${n}`);
  mkdirSync(dirname(path), { recursive: true });
  const table = `strata_table_${++tableSeq}`;
  const types: string[] = [];
  const loads = columns.map((c, ci) => columnLoad(c, tableSeq * 1000 + ci, types));
  for (const t of types) await conn.run(t);
  try {
    const physical = loads.flatMap((l, ci) => [{ name: sqlIdent(columns[ci].name), ddl: l.ddl, fill: l.fill }, ...(l.extra ? [l.extra] : [])]);
    await conn.run(`CREATE TABLE ${table} (${physical.map((p) => `${p.name} ${p.ddl}`).join(', ')})`);
    const appender = await conn.createAppender(table);
    const chunk = DuckDBDataChunk.create(physical.map((_, pi) => appender.columnType(pi)));
    for (let off = 0; off < n; off += CHUNK) {
      const rows = Math.min(CHUNK, n - off);
      chunk.rowCount = rows;
      for (let pi = 0; pi < physical.length; pi++) physical[pi].fill(chunk.getColumnVector(pi) as unknown as Vector, off, rows);
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const select = loads.map((l) => l.select(format)).join(', ');
    const order = orderBy && orderBy.length ? ` ORDER BY ${orderBy.map(sqlIdent).join(', ')}` : '';
    const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet, COMPRESSION zstd';
    await conn.run(`COPY (SELECT ${select} FROM ${table}${order}) TO ${sqlString(path)} (${options})`);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    for (let ci = 0; ci < columns.length; ci++) if (loads[ci].ddl.startsWith('strata_enum_')) await conn.run(`DROP TYPE IF EXISTS ${loads[ci].ddl}`);
  }
}

/** writeTableWith on a private in-memory DuckDB of its own. */
export async function writeTable(path: string, format: 'parquet' | 'csv', columns: readonly TableColumn[], orderBy?: string[]): Promise<void> {
  await withScratchDuckDB((conn) => writeTableWith(conn, path, format, columns, orderBy));
}
