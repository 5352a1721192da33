/**
 * Stages a candle file in DuckDB for the SQL import: DuckDB reads the file itself (read_csv, read_json_objects,
 * read_parquet), and the temp view `import_rows` shows one row per data row of the file, in file order:
 *
 *   row_no BIGINT (1-based data row, as the JS readers number them: see formats/raw.ts), t_text VARCHAR,
 *   open_time, open, high, low, close, volume DOUBLE (NULL where unreadable), synthetic BOOLEAN,
 *   malformed BOOLEAN (the row could not be split into the needed fields)
 *
 * Each stager returns null for a layout it does not read exactly as the JS reader does (a headerless CSV,
 * blank lines, JSON objects, trades, ...), and the caller then takes the JS path for that file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { detectDelimiter, split } from './formats/csv.ts';
import { isGzip } from './formats/gzip.ts';
import { mapColumns, tableKind, type ColumnMap } from './formats/raw.ts';
import { parseTimestamp } from './formats/time-parse.ts';
import { num } from './formats/csv.ts';
import { sqlIdent, sqlString } from './duck-scratch.ts';
import { epochByMagnitudeSql, timeTextSql } from './import-sql-time.ts';

/** How to show a quarantined row's text: `sql` over the import_rows row aliased `r`, after `join`. */
export interface Staged {
  raw(r: string): { join: string; sql: string };
}

/**
 * The first rowid of `import_text`: rowids follow insertion order, but a table created inside a transaction
 * numbers them from a large base, so row numbers count from this one.
 */
async function firstRowid(conn: DuckDBConnection): Promise<string> {
  const rows = (await conn.runAndReadAll('SELECT coalesce(min(rowid), 0)::VARCHAR FROM import_text')).getRows();
  return String(rows[0][0]);
}

/** The text of row `r` kept in `import_text` (first rowid `base`), aliased `<r>x`. */
function textJoin(r: string, base: string): string {
  return `JOIN import_text ${r}x ON ${r}x.rowid = ${r}.row_no - 1 + ${base}`;
}

const NUMERIC_JSON = `('UBIGINT', 'BIGINT', 'DOUBLE')`;

function candleColumns(map: ColumnMap): number[] {
  return [map.time, map.open, map.high, map.low, map.close, map.volume];
}

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;

/** What csvLayout needs of a whole file, found in one pass over 1 MB chunks (no copy of the file in memory). */
interface CsvScan {
  /** The file's start: the header and first data row when they fit in the first chunk. */
  readonly head: Buffer;
  readonly size: number;
  readonly lastByte: number;
  readonly blankLine: boolean;
  readonly quoted: boolean;
}

function scanCsv(path: string): CsvScan {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK + 2);
    let head: Buffer | null = null;
    let size = 0;
    let carry = 0; // bytes kept from the chunk before, so a '\n\r\n' across chunks is seen
    let blankLine = false;
    let quoted = false;
    let lastByte = -1;
    for (;;) {
      const n = readSync(fd, buf, carry, CHUNK, null);
      if (n === 0) break;
      const view = buf.subarray(0, carry + n);
      if (!head) head = Buffer.from(view);
      size += n;
      lastByte = view[view.length - 1];
      blankLine ||= view.indexOf('\n\n') >= 0 || view.indexOf('\n\r\n') >= 0;
      quoted ||= view.indexOf(0x22) >= 0;
      carry = Math.min(2, view.length);
      view.copy(buf, 0, view.length - carry);
    }
    return { head: head ?? Buffer.alloc(0), size, lastByte, blankLine, quoted };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether DuckDB's CSV reader numbers this file's rows as readCsv does: a header line, no blank lines (DuckDB
 * skips them; readCsv counts them), a final newline (readCsv judges an unterminated last line as maybe cut
 * off), no byte-order mark, and a first data row as wide as the header (readCsv repairs a header missing
 * its Time column).
 */
function csvLayout(path: string): { delim: string; names: string[]; quoted: boolean } | null {
  const scan = scanCsv(path);
  const bytes = scan.head;
  if (scan.size === 0 || isGzip(bytes) || bytes[0] === 0xef || bytes[0] === NEWLINE || bytes[0] === 0x0d) return null;
  if (scan.lastByte !== NEWLINE || scan.blankLine) return null;
  const end1 = bytes.indexOf(NEWLINE);
  const end2 = bytes.indexOf(NEWLINE, end1 + 1);
  // A header or first row longer than a chunk: the JS reader takes such a file.
  if (end1 < 0) return null;
  const header = bytes.toString('utf8', 0, end1).replace(/\r$/, '');
  const firstRow = end2 < 0 ? null : bytes.toString('utf8', end1 + 1, end2).replace(/\r$/, '');
  const delim = detectDelimiter(header);
  const names = split(header, delim).map((s) => s.trim());
  if (Number.isFinite(parseTimestamp(names[0])) && Number.isFinite(num(names[1]))) return null;
  if (firstRow === null || firstRow.includes('"') || split(firstRow, delim).length !== names.length) return null;
  return { delim, names, quoted: scan.quoted };
}

async function stageCsv(conn: DuckDBConnection, path: string): Promise<Staged | null> {
  const layout = csvLayout(path);
  if (!layout) return null;
  const map = mapColumns(layout.names);
  if (tableKind(map) !== 'candles' || map.time < 0 || map.volume < 0) return null;
  // Every field as text: empty stays '' (nullstr is a byte no file uses), a missing one is NULL (null
  // padding), so a short row is told from an empty field. The parallel reader cannot pad rows with a quoted
  // newline, so a file with quotes is read by one thread.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE import_text AS SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = true, ` +
      `delim = ${sqlString(layout.delim)}, quote = '"', escape = '"', null_padding = true, nullstr = '\u0001', strict_mode = false, parallel = ${!layout.quoted})`,
  );
  const described = await conn.runAndReadAll('DESCRIBE import_text');
  const cols = described.getRows().map((r) => sqlIdent(String(r[0])));
  if (cols.length !== layout.names.length) return null;
  const col = (i: number) => cols[i];
  const base = await firstRowid(conn);
  const text = map.timeOfDay >= 0 ? `(${col(map.time)} || ' ' || ${col(map.timeOfDay)})` : col(map.time);
  const need = Math.max(map.timeOfDay, ...candleColumns(map));
  const value = (i: number) => `try_cast(${col(i)} AS DOUBLE)`;
  const synthetic = map.synthetic >= 0 ? `coalesce(regexp_full_match(${col(map.synthetic)}, '\\s*(true|1|t)\\s*', 'i'), false)` : 'false';
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW import_rows AS SELECT rowid - ${base} + 1 AS row_no, ${text} AS t_text, ${timeTextSql(text)} AS open_time, ` +
      `${value(map.open)} AS open, ${value(map.high)} AS high, ${value(map.low)} AS low, ${value(map.close)} AS close, ${value(map.volume)} AS volume, ` +
      `${synthetic} AS synthetic, ${col(need)} IS NULL AS malformed FROM import_text`,
  );
  // concat_ws skips the NULLs of padding, so a short row shows as it was written.
  return { raw: (r) => ({ join: textJoin(r, base), sql: `concat_ws(${sqlString(layout.delim)}, ${cols.map((c) => `${r}x.${c}`).join(', ')})` }) };
}

async function stageJson(conn: DuckDBConnection, path: string, gzipped: boolean): Promise<Staged | null> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE import_text AS SELECT json AS j FROM read_json_objects(${sqlString(path)}, format = 'array', compression = '${gzipped ? 'gzip' : 'uncompressed'}')`,
  );
  // Objects with named fields keep the JS reader, which maps their keys.
  const objects = await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE json_type(j) = 'OBJECT')::INTEGER FROM import_text`);
  if (Number(objects.getRows()[0][0]) > 0) return null;
  const base = await firstRowid(conn);
  const time = `(CASE WHEN json_type(j->0) IN ${NUMERIC_JSON} THEN ${epochByMagnitudeSql(`(j->>0)::DOUBLE`)} WHEN json_type(j->0) = 'VARCHAR' THEN ${timeTextSql('j->>0')} END)`;
  const value = (i: number) => `(CASE WHEN json_type(j->${i}) IN ${NUMERIC_JSON} THEN (j->>${i})::DOUBLE WHEN json_type(j->${i}) = 'VARCHAR' THEN try_cast(j->>${i} AS DOUBLE) END)`;
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW import_rows AS SELECT rowid - ${base} + 1 AS row_no, CASE WHEN json_type(j->0) = 'VARCHAR' THEN j->>0 END AS t_text, ${time} AS open_time, ` +
      `${value(1)} AS open, ${value(2)} AS high, ${value(3)} AS low, ${value(4)} AS close, ${value(5)} AS volume, false AS synthetic, ` +
      `(json_type(j) <> 'ARRAY' OR json_array_length(j) < 6) AS malformed FROM import_text`,
  );
  return { raw: (r) => ({ join: textJoin(r, base), sql: `${r}x.j::VARCHAR` }) };
}

/** SQL giving a Parquet time column as epoch ms DOUBLE, and its text when it is one. */
function parquetTime(c: string, type: string): { text: string; ms: string } {
  const t = type.toUpperCase();
  if (t.includes('TIME ZONE')) return { text: 'NULL', ms: `epoch_ms(${c})::DOUBLE` };
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return { text: 'NULL', ms: `epoch_ms(${c}::TIMESTAMP)::DOUBLE` };
  if (t === 'VARCHAR') return { text: c, ms: timeTextSql(c) };
  return { text: 'NULL', ms: epochByMagnitudeSql(`try_cast(${c} AS DOUBLE)`) };
}

async function stageParquet(conn: DuckDBConnection, path: string): Promise<Staged | null> {
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  const schema = described.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const names = schema.map((s) => s.name);
  const map = mapColumns(names);
  if (tableKind(map) !== 'candles' || candleColumns(map).some((i) => i < 0)) return null;
  const col = (i: number) => sqlIdent(names[i]);
  const time = parquetTime(col(map.time), schema[map.time].type);
  const value = (i: number) => `try_cast(${col(i)} AS DOUBLE)`;
  const synthetic = map.synthetic >= 0 ? `coalesce(try_cast(${col(map.synthetic)} AS BOOLEAN), false)` : 'false';
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW import_rows AS SELECT file_row_number + 1 AS row_no, ${time.text} AS t_text, ${time.ms} AS open_time, ` +
      `${value(map.open)} AS open, ${value(map.high)} AS high, ${value(map.low)} AS low, ${value(map.close)} AS close, ${value(map.volume)} AS volume, ` +
      `${synthetic} AS synthetic, false AS malformed FROM read_parquet(${sqlString(path)}, file_row_number = true)`,
  );
  // The values as read, by column name, as the JS reader shows a Parquet row.
  const shown = (name: string, v: string) => `${sqlString(name)}, CASE WHEN isfinite(${v}) THEN ${v} END`;
  const fields = (r: string) => [
    shown(names[map.time], `${r}.open_time`),
    ...(['open', 'high', 'low', 'close', 'volume'] as const).map((f) => shown(names[map[f]], `${r}.${f}`)),
  ];
  return { raw: (r) => ({ join: '', sql: `json_object(${fields(r).join(', ')})::VARCHAR` }) };
}

/** DuckDB could not read the file (not JSON, a broken Parquet footer, ...): the JS reader names the problem. */
export class UnreadBySql extends Error {}

/** Stages `path` into `import_rows` (see the file's doc), or null when the JS path must read it. */
export async function stageFile(conn: DuckDBConnection, path: string, container: string, head: Uint8Array): Promise<Staged | null> {
  let staged: Staged | null;
  try {
    if (container === 'parquet') staged = await stageParquet(conn, path);
    else if (container === 'json') staged = await stageJson(conn, path, isGzip(head));
    else if (container === 'csv') staged = await stageCsv(conn, path);
    else staged = null; // Arrow/Feather: DuckDB reads it only through an extension that is not installed here.
  } catch (err) {
    throw new UnreadBySql(`DuckDB could not read ${path}`, { cause: err });
  }
  return staged;
}
