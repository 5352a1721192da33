import { sqlIdent, sqlString } from './duck-scratch.ts';

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
  /**
   * Strings given as codes into `dictionary` (distinct strings, any number of them): no string per row at all
   * up to MAX_ENUM values; past that DuckDB has no ENUM, and each row's string is looked up as it is written.
   */
  | { name: string; kind: 'enum'; dictionary: readonly string[]; values: Uint16Array | Uint32Array }
  | { name: string; kind: 'label'; values: ArrayLike<number>; format: string | LabelFormats };

/** Several strftime formats in one label column: row r is formatted with `formats[codes[r]]`. */
export interface LabelFormats {
  formats: readonly string[];
  codes: Uint8Array;
}

/** The slice of @duckdb/node-api's vector classes the loader uses (`items` is the vector's data before flush). */
export type Vector = { items?: { set(src: ArrayLike<number>, offset?: number): void }; setItem(i: number, v: unknown): void; flush(): void };

/** Writes rows [off, off + rows) of one part's values into a chunk's vector at rows [dst, dst + rows) (the writer flushes). */
export type Fill = (vec: Vector, dst: number, off: number, rows: number) => void;

/**
 * Strings with at most this many distinct values go in as ENUM codes (one or two bytes a row, no call per value):
 * DuckDB keeps an ENUM of up to 255 values in one byte and of up to 65,535 in two, so the strategy ids of a
 * 1,000-strategy run's 38 M equity rows cross as codes, not as 38 M strings.
 */
export const MAX_ENUM = 65_535;

/** The ISO 8601 UTC shape times are written in as text (`2024-01-01T00:00:00.000Z`; strftime's %g is milliseconds). */
export const ISO_MS_FORMAT = '%Y-%m-%dT%H:%M:%S.%gZ';

/** How one column reaches its DuckDB table (one fill per part of the table), and how the COPY reads it back. */
export interface ColumnLoad {
  ddl: string;
  fills: Fill[];
  /** Called after each chunk is appended. */
  chunkDone?: () => void;
  select(format: 'parquet' | 'csv'): string;
  /** A second physical column the select reads too (a label column's format codes), not written out itself. */
  extra?: { name: string; ddl: string; fills: Fill[] };
}

/** Whether the chunk being filled, and the one before it, set a null in a column's vector (shared by its parts). */
interface NullState {
  current: boolean;
  previous: boolean;
}

/**
 * Numbers: copied a run of rows at a time into the vector's data; rows with a null, and every row of the chunk
 * after one, go value by value.
 */
function numberFill(values: ArrayLike<number>, mask: Uint8Array | undefined, state: NullState): Fill {
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
  return (vec, dst, off, rows) => {
    let hasNull = false;
    if (nulls) for (let i = 0; i < rows && !hasNull; i++) hasNull = nulls[off + i] === 1;
    // The vector's validity mask persists between chunks: after a chunk with nulls, every value is set again.
    if (hasNull || state.previous || !vec.items) for (let i = 0; i < rows; i++) vec.setItem(dst + i, nulls && nulls[off + i] ? null : dense![off + i]);
    else vec.items.set(dense!.subarray(off, off + rows), dst);
    if (hasNull) state.current = true;
  };
}

const TWO_32 = 4_294_967_296;

/** Whether every value is a whole number of ms below 2^53 µs (the year 2255), so timestampFill can write it. */
function wholeMillis(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isSafeInteger(values[i] * 1000) || !Number.isInteger(values[i])) return false;
  return true;
}

/**
 * Epoch-ms times written straight into a TIMESTAMPTZ vector as int64 microseconds, the low and high 32 bits
 * computed in float arithmetic (exact in wholeMillis' range): no conversion in SQL and no BigInt per value.
 */
function timestampFill(values: ArrayLike<number>): Fill {
  return (vec, dst, off, rows) => {
    const items = (vec as unknown as { items: BigInt64Array }).items;
    const lo = new Uint32Array(items.buffer, items.byteOffset + dst * 8, rows * 2);
    const hi = new Int32Array(items.buffer, items.byteOffset + dst * 8, rows * 2);
    for (let i = 0; i < rows; i++) {
      const us = values[off + i] * 1000;
      const h = Math.floor(us / TWO_32);
      lo[2 * i] = us - h * TWO_32;
      hi[2 * i + 1] = h;
    }
  };
}

/** Each row's index among the distinct strings in `index` (extended in first-seen order), or null when a value is not a string or `max` is passed. */
function codesOf(values: ArrayLike<string>, index: Map<string, number>, max: number): Uint16Array | null {
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
  return codes;
}

const codeFill =
  (codes: Uint8Array | Uint16Array | Uint32Array): Fill =>
  (vec, dst, off, rows) => {
    vec.items!.set(codes.subarray(off, off + rows), dst);
  };

const stringFill =
  (at: (i: number) => string): Fill =>
  (vec, dst, off, rows) => {
    for (let i = 0; i < rows; i++) vec.setItem(dst + i, at(off + i));
  };

/** Strings as codes into `dictionary`: an ENUM (`types` receives its CREATE TYPE) up to MAX_ENUM values, VARCHAR past it. */
function codesLoad(id: string, dictionary: readonly string[], parts: readonly (Uint16Array | Uint32Array)[], ci: number, types: string[]): ColumnLoad {
  if (dictionary.length > MAX_ENUM) return { ddl: 'VARCHAR', fills: parts.map((codes) => stringFill((i) => dictionary[codes[i]])), select: () => id };
  const type = `strata_enum_${ci}`;
  types.push(`CREATE TYPE ${type} AS ENUM (${dictionary.map(sqlString).join(', ')})`);
  // Parquet stores an ENUM as dictionary-encoded strings and reads back VARCHAR, so only CSV casts.
  return { ddl: type, fills: parts.map(codeFill), select: (format) => (format === 'csv' ? `${id}::VARCHAR AS ${id}` : id) };
}

/** Checks an enum column's parts: one dictionary of distinct strings, and every code inside it. */
function checkedDictionary(parts: readonly Extract<TableColumn, { kind: 'enum' }>[]): readonly string[] {
  const { name, dictionary } = parts[0];
  const seen = new Set<string>();
  for (const s of dictionary) {
    if (seen.has(s)) throw new Error(`column ${name}: the enum dictionary holds ${JSON.stringify(s)} twice; its values must be distinct`);
    seen.add(s);
  }
  let row = 0;
  for (const p of parts) {
    if (p.dictionary !== dictionary && (p.dictionary.length !== dictionary.length || p.dictionary.some((s, k) => s !== dictionary[k]))) throw new Error(`column ${name}: every part of the table must give the same enum dictionary`);
    for (let i = 0; i < p.values.length; i++, row++) if (p.values[i] >= dictionary.length) throw new Error(`column ${name} row ${row}: code ${p.values[i]} is outside its dictionary of ${dictionary.length} values`);
  }
  return dictionary;
}

/**
 * The load of column `ci`, given as that column of each part of the table (same name and kind in every part).
 * `types` receives the CREATE TYPE statements the column needs.
 */
export function columnLoad(parts: readonly TableColumn[], ci: number, types: string[]): ColumnLoad {
  const c = parts[0];
  const id = sqlIdent(c.name);
  if (c.kind === 'enum') return codesLoad(id, checkedDictionary(parts as Extract<TableColumn, { kind: 'enum' }>[]), parts.map((p) => p.values as Uint16Array), ci, types);
  if (c.kind === 'string') {
    const index = new Map<string, number>();
    const codes: Uint16Array[] = [];
    for (const p of parts) {
      const k = codesOf(p.values as ArrayLike<string>, index, MAX_ENUM);
      if (k === null) break;
      codes.push(k);
    }
    if (codes.length === parts.length && index.size > 0) return codesLoad(id, [...index.keys()], codes, ci, types);
    return { ddl: 'VARCHAR', fills: parts.map((p) => stringFill((i) => (p.values as ArrayLike<string>)[i])), select: () => id };
  }
  const numbers = parts.map((p) => p.values as ArrayLike<number>);
  if (c.kind === 'time' && numbers.every(wholeMillis)) {
    return { ddl: 'TIMESTAMPTZ', fills: numbers.map(timestampFill), select: (format) => (format === 'csv' ? `strftime(${id}, '${ISO_MS_FORMAT}') AS ${id}` : id) };
  }
  const state: NullState = { current: false, previous: false };
  const fills = parts.map((p, k) => numberFill(numbers[k], p.kind === 'number' ? p.nulls : undefined, state));
  const chunkDone = () => {
    state.previous = state.current;
    state.current = false;
  };
  const timestamp = `make_timestamp(${id}::BIGINT * 1000)`;
  if (c.kind === 'label' && typeof c.format === 'string' && parts.some((p) => (p as Extract<TableColumn, { kind: 'label' }>).format !== c.format)) throw new Error(`column ${c.name}: every part of the table must give the same label format`);
  if (c.kind === 'label' && typeof c.format !== 'string') return { ...labelsLoad(id, timestamp, fills, parts as Extract<TableColumn, { kind: 'label' }>[], ci), chunkDone };
  const select =
    c.kind === 'number'
      ? () => id
      : c.kind === 'label'
        ? () => `strftime(${timestamp}, ${sqlString(c.format as string)}) AS ${id}`
        : (format: 'parquet' | 'csv') => (format === 'csv' ? `strftime(${timestamp}, '${ISO_MS_FORMAT}') AS ${id}` : `${timestamp}::TIMESTAMPTZ AS ${id}`);
  return { ddl: 'DOUBLE', fills, select, chunkDone };
}

/** A label column of several formats: the times, plus a one-byte format code per row that a CASE picks the format by. */
function labelsLoad(id: string, timestamp: string, times: Fill[], parts: readonly Extract<TableColumn, { kind: 'label' }>[], ci: number): ColumnLoad {
  const formats = (parts[0].format as LabelFormats).formats;
  for (const p of parts) {
    const f = p.format;
    if (typeof f === 'string' || f.formats.length !== formats.length || f.formats.some((x, k) => x !== formats[k])) throw new Error(`column ${parts[0].name}: every part of the table must give the same label formats`);
  }
  const code = `strata_format_${ci}`;
  const cases = formats.map((fmt, k) => `WHEN ${k} THEN strftime(${timestamp}, ${sqlString(fmt)})`).join(' ');
  return {
    ddl: 'DOUBLE',
    fills: times,
    select: () => `CASE ${code} ${cases} END AS ${id}`,
    extra: { name: code, ddl: 'UTINYINT', fills: parts.map((p) => codeFill((p.format as LabelFormats).codes)) },
  };
}
