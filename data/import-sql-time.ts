import { DOUBLE, VARCHAR, DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import { parseTimestamp } from './formats/time-parse.ts';
import { ISO_MS_FORMAT } from './table-file.ts';

/**
 * An epoch number in s, ms, µs or ns as epoch ms, told apart by magnitude exactly as epochToMs does
 * (`floor(x + 0.5)` is Math.round); NULL when the number is not finite.
 */
export function epochByMagnitudeSql(x: string): string {
  return (
    `(CASE WHEN NOT isfinite(${x}) THEN NULL WHEN abs(${x}) < 1e11 THEN floor(${x} * 1000 + 0.5) WHEN abs(${x}) < 1e14 THEN floor(${x} + 0.5) ` +
    `WHEN abs(${x}) < 1e17 THEN floor(${x} / 1e3 + 0.5) ELSE floor(${x} / 1e6 + 0.5) END)`
  );
}

/** The ISO shapes parseTimestamp reads without an offset (its fast path), with an optional trailing Z. */
const ISO_SHAPE = String.raw`\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2}(\.\d{3})?Z?)?`;
/**
 * Where DuckDB's cast is laxer than parseTimestamp: hour 24 (the next midnight to DuckDB, refused by
 * parseTimestamp) and years below 100 (Date.UTC reads them as 19xx). Those texts are left to parseTimestamp.
 */
function agreesWithJs(s: string): string {
  return `NOT starts_with(${s}, '00') AND (length(${s}) < 13 OR substr(${s}, 12, 2) <> '24')`;
}

const NUMBER_SHAPE = String.raw`[+-]?\d+(\.\d*)?([eE][+-]?\d+)?`;

/**
 * Epoch ms (DOUBLE) of a timestamp text, in SQL, for the shapes where DuckDB and parseTimestamp agree by
 * construction: `YYYY-MM-DD[ T]HH:MM:SS[.fff][Z]` and plain epoch numbers (not 8 digits, which
 * parseTimestamp reads as yyyymmdd, nor `dd.`-dotted). Anything else is NULL here and is parsed by
 * parseTimestamp afterwards (resolveTimesInJs), so every shape it accepts still works.
 */
export function timeTextSql(text: string): string {
  const s = `trim(${text})`;
  // The store's own export shape first: when the parsed time prints back as exactly the text, the text was
  // that shape digit for digit, and the regex and trims below (over half of a CSV import's time) are skipped.
  const ts = `try_cast(${text} AS TIMESTAMP)`;
  return (
    `(CASE WHEN ${text} LIKE '____-__-__T__:__:__.___Z' AND NOT starts_with(${text}, '00') AND strftime(${ts}, '${ISO_MS_FORMAT}') = ${text} THEN epoch_ms(${ts})::DOUBLE ` +
    `WHEN regexp_full_match(${s}, '${ISO_SHAPE}') AND ${agreesWithJs(s)} THEN epoch_ms(try_cast(rtrim(${s}, 'Z') AS TIMESTAMP))::DOUBLE ` +
    `WHEN regexp_full_match(${s}, '${NUMBER_SHAPE}') AND length(${s}) <> 8 AND substr(${s}, 3, 1) <> '.' THEN ${epochByMagnitudeSql(`try_cast(${s} AS DOUBLE)`)} ` +
    'ELSE NULL END)'
  );
}

/**
 * Gives the rows SQL refused as `badTimestamp` parseTimestamp's reading of their text (one call per distinct
 * text, so a file in an unusual but uniform format costs one pass over its distinct times), then checks
 * them again with `reasonSql`. Texts parseTimestamp refuses stay refused.
 */
export async function resolveTimesInJs(conn: DuckDBConnection, badTimestamp: string, shiftMs: number, reasonSql: string): Promise<void> {
  const bad = sqlLiteral(badTimestamp);
  const pending = await conn.runAndReadAll(`SELECT DISTINCT t_text FROM import_checked WHERE reason = ${bad} AND t_text IS NOT NULL`);
  const texts: string[] = [];
  const times: number[] = [];
  for (const [text] of pending.getRows()) {
    const t = parseTimestamp(String(text));
    if (Number.isFinite(t)) {
      texts.push(String(text));
      times.push(t);
    }
  }
  if (texts.length === 0) return;
  await conn.run('CREATE OR REPLACE TEMP TABLE import_times (t_text VARCHAR, ms DOUBLE)');
  const appender = await conn.createAppender('import_times', 'main', 'temp');
  const chunk = DuckDBDataChunk.create([VARCHAR, DOUBLE]);
  try {
    for (let off = 0; off < texts.length; off += 2048) {
      const n = Math.min(2048, texts.length - off);
      chunk.rowCount = n;
      chunk.setColumnValues(0, texts.slice(off, off + n));
      chunk.setColumnValues(1, times.slice(off, off + n));
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
  await conn.run(`UPDATE import_checked SET t = m.ms - ${shiftMs} FROM import_times m WHERE import_checked.reason = ${bad} AND import_checked.t_text = m.t_text`);
  await conn.run(`UPDATE import_checked SET reason = ${reasonSql} WHERE reason = ${bad} AND t IS NOT NULL`);
  await conn.run('DROP TABLE import_times');
}

const sqlLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;
