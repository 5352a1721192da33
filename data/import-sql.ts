/**
 * The SQL import: DuckDB reads the file (import-sql-stage.ts), checks every row with the rules of checkBar
 * as SQL predicates, resolves duplicate open times by last write wins, and moves the good rows into
 * `candles` and the bad ones into `quarantine` with `INSERT ... SELECT`, so no JavaScript runs per row.
 * The outcome (rows, reasons, row numbers, messages) is the JS path's (loadFile + storeLoaded).
 */
import { resolve } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { calendarFor, marketName } from '../engine/markets/market.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import type { Container } from './formats/detect.ts';
import { hintsFromName } from './formats/detect.ts';
import { gapsBetween } from './gaps.ts';
import { inferTimeframe } from './infer.ts';
import { checkTimeframe, FIRST_REJECTED, symbolFor } from './import-names.ts';
import type { ImportOptions, ImportReport } from './import-types.ts';
import { readDoubleColumns } from './duck-columns.ts';
import { sqlString } from './duck-scratch.ts';
import { stageFile, type Staged } from './import-sql-stage.ts';
import { resolveTimesInJs } from './import-sql-time.ts';
import { DEFAULT_EXCHANGE } from './store-schema.ts';
import { replaceQuarantine, writeSeriesRows, type QuarantineRow } from './store-write.ts';
import type { Store } from './store.ts';
import { closeStampHint } from './timestamps.ts';
import { REASON } from './validate.ts';

const TEMP_TABLES = ['import_checked', 'import_dropped', 'import_text'];
const WEEK_OFFSET = 4 * 86_400_000;

/**
 * Whether the SQL path reads this import exactly as the JS path would. Left on the JS path: trades (they are
 * aggregated, data/trades.ts), local times (--tz, DST rules in data/local-times.ts), --adjust and
 * --fill-gaps (they rewrite the columns), session calendars (bar openings from engine/markets/bars.ts).
 */
export function sqlCanImport(opts: ImportOptions, container: Container): boolean {
  if (opts.format === 'trades' || opts.tz !== undefined || opts.adjust || opts.fillGaps !== undefined) return false;
  if (!calendarFor(opts.market).alwaysOpen) return false;
  return container === 'csv' || container === 'json' || container === 'parquet';
}

const lit = (s: string) => sqlString(s);

/** The reason a staged row is refused, in checkBar's order; NULL for a good row. `t` is its open time. */
function reasonSql(tf: Timeframe): string {
  const ms = timeframeMs(tf);
  const offset = tf.endsWith('w') ? WEEK_OFFSET : 0;
  const prices = ['open', 'high', 'low', 'close'];
  const values = [...prices, 'volume'];
  return `CASE
    WHEN malformed THEN ${lit(REASON.malformed)}
    WHEN t IS NULL OR NOT isfinite(t) THEN ${lit(REASON.badTimestamp)}
    WHEN ${values.map((v) => `${v} IS NULL OR NOT isfinite(${v})`).join(' OR ')} THEN ${lit(REASON.nonFinite)}
    WHEN ${prices.map((v) => `${v} <= 0`).join(' OR ')} THEN ${lit(REASON.nonPositivePrice)}
    WHEN volume < 0 THEN ${lit(REASON.negativeVolume)}
    WHEN high < low THEN ${lit(REASON.highBelowLow)}
    WHEN open < low OR open > high THEN ${lit(REASON.openOutside)}
    WHEN close < low OR close > high THEN ${lit(REASON.closeOutside)}
    WHEN floor((t - ${offset}) / ${ms}) * ${ms} + ${offset} <> t THEN ${lit(REASON.misaligned)}
  END`;
}

async function one(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<number[]> {
  const rows = (await conn.runAndReadAll(sql, params)).getRows();
  return (rows[0] ?? []).map((v) => (v === null ? Number.NaN : Number(v)));
}

interface Checked {
  readonly duplicates: number;
  readonly conflicts: number;
  readonly reordered: number;
  /** Rows refused by a rule (conflicts not counted). */
  readonly rejected: number;
  /** The good rows are in strictly increasing time order already. */
  readonly sorted: boolean;
  /** Sorted, and no good row is more than one bar after the one before it. */
  readonly gapless: boolean;
}

/**
 * Checks the staged rows: `import_checked` holds every row with its reason (NULL when good), and
 * `import_dropped` the good rows that a later row of the same open time replaces (`same`: an exact copy).
 */
async function check(conn: DuckDBConnection, tf: Timeframe, shiftMs: number): Promise<Checked> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE import_checked AS SELECT row_no, t_text, malformed, t, open, high, low, close, volume, synthetic, ${reasonSql(tf)} AS reason ` +
      `FROM (SELECT *, open_time - ${shiftMs} AS t FROM import_rows)`,
  );
  await resolveTimesInJs(conn, REASON.badTimestamp, shiftMs, reasonSql(tf));
  // One pass in file order over the good rows: rows not after the one before them (a duplicate or out of
  // order), and rows earlier than some row before them (sorted into place).
  const [unsorted, reordered, jumps] = await one(
    conn,
    `SELECT count(*) FILTER (WHERE t <= previous)::DOUBLE, count(*) FILTER (WHERE t < before)::DOUBLE, count(*) FILTER (WHERE t - previous > ${timeframeMs(tf)})::DOUBLE FROM (
       SELECT t, lag(t) OVER w AS previous, max(t) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
       FROM import_checked WHERE reason IS NULL WINDOW w AS (ORDER BY row_no))`,
  );
  // Strictly increasing open times are unique; only otherwise are duplicates looked for.
  const [valid, distinct] = unsorted === 0 ? [0, 0] : await one(conn, 'SELECT count(*)::DOUBLE, count(DISTINCT t)::DOUBLE FROM import_checked WHERE reason IS NULL');
  const same = ['open', 'high', 'low', 'close', 'volume'].map((v) => `${v} = last_value(${v}) OVER w`).join(' AND ');
  await conn.run(
    valid === distinct
      ? 'CREATE OR REPLACE TEMP TABLE import_dropped (row_no BIGINT, kept_row BIGINT, same BOOLEAN)'
      : `CREATE OR REPLACE TEMP TABLE import_dropped AS SELECT row_no, kept_row, same FROM (
           SELECT row_no, last_value(row_no) OVER w AS kept_row, ${same} AS same FROM import_checked
           WHERE reason IS NULL AND t IN (SELECT t FROM import_checked WHERE reason IS NULL GROUP BY t HAVING count(*) > 1)
           WINDOW w AS (PARTITION BY t ORDER BY row_no ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
         ) WHERE row_no <> kept_row`,
  );
  const [duplicates, conflicts] = await one(conn, 'SELECT count(*) FILTER (WHERE same)::DOUBLE, count(*) FILTER (WHERE NOT same)::DOUBLE FROM import_dropped');
  const [rejected] = await one(conn, 'SELECT count(*)::DOUBLE FROM import_checked WHERE reason IS NOT NULL');
  return { duplicates, conflicts, reordered, rejected, sorted: unsorted === 0, gapless: unsorted === 0 && jumps === 0 };
}

/** The good rows that stay: all of them when in strictly increasing time order (in file order then), else the last of each open time. */
function kept(checked: Checked): string {
  return checked.sorted
    ? '(SELECT * FROM import_checked WHERE reason IS NULL)'
    : '(SELECT c.* FROM import_checked c ANTI JOIN import_dropped d ON c.row_no = d.row_no WHERE c.reason IS NULL)';
}

/** Writes the good rows to `candles` and the bad ones to `quarantine`, replacing that file's earlier rejections. */
async function write(store: Store, staged: Staged, checked: Checked, source: string, series: ImportReport['series']): Promise<void> {
  const conn = store.connection;
  const params = [series.exchange, series.symbol, series.timeframe];
  // Rows go in open-time order (zone maps); rows already in that order keep it without a sort.
  await writeSeriesRows(conn, series, `(SELECT t::BIGINT AS t, open, high, low, close, volume, synthetic FROM ${kept(checked)})`, checked.sorted);
  await replaceQuarantine(store, source, series, []);
  if (checked.rejected + checked.conflicts === 0) return;
  const bad = staged.raw('r');
  const dropped = staged.raw('dr');
  const keptRaw = staged.raw('kr');
  const into = 'INSERT INTO quarantine (source, row_number, exchange, symbol, timeframe, reason, raw)';
  await conn.run(
    `${into} SELECT $4, c.row_no, $1, $2, $3, c.reason, ${bad.sql} FROM import_checked c JOIN import_rows r ON r.row_no = c.row_no ${bad.join} WHERE c.reason IS NOT NULL`,
    [...params, source],
  );
  await conn.run(
    `${into} SELECT $4, d.row_no, $1, $2, $3, ${lit(REASON.conflict)}, ${dropped.sql} || '  (kept: row ' || d.kept_row || ': ' || ${keptRaw.sql} || ')' ` +
      `FROM import_dropped d JOIN import_rows dr ON dr.row_no = d.row_no ${dropped.join} JOIN import_rows kr ON kr.row_no = d.kept_row ${keptRaw.join} WHERE NOT d.same`,
    [...params, source],
  );
}

/** The stored rejections of this import: counts by reason and the first few by row number. */
async function rejections(conn: DuckDBConnection, source: string, series: ImportReport['series']): Promise<{ byReason: Record<string, number>; first: QuarantineRow[]; total: number }> {
  const where = 'WHERE source = $1 AND exchange = $2 AND symbol = $3 AND timeframe = $4';
  const params = [source, series.exchange, series.symbol, series.timeframe];
  const byReason: Record<string, number> = {};
  let total = 0;
  for (const [reason, n] of (await conn.runAndReadAll(`SELECT reason, count(*)::DOUBLE FROM quarantine ${where} GROUP BY reason ORDER BY min(row_number)`, params)).getRows()) {
    byReason[String(reason)] = Number(n);
    total += Number(n);
  }
  const first = (await conn.runAndReadAll(`SELECT row_number::DOUBLE, reason, raw FROM quarantine ${where} ORDER BY row_number LIMIT ${FIRST_REJECTED}`, params))
    .getRows()
    .map(([row, reason, raw]) => ({ rowNumber: Number(row), reason: String(reason), raw: String(raw) }));
  return { byReason, first, total };
}

async function timeframeFor(conn: DuckDBConnection, path: string, opts: ImportOptions): Promise<[Timeframe, ImportReport['timeframeFrom']] | null> {
  if (opts.timeframe) return [checkTimeframe(opts.timeframe), 'option'];
  const hinted = hintsFromName(path).timeframe;
  if (hinted) return [hinted, 'file name'];
  const [times] = await readDoubleColumns(conn, 'SELECT DISTINCT open_time FROM import_rows WHERE isfinite(open_time) AND NOT malformed ORDER BY 1');
  const inferred = inferTimeframe(times);
  // Too few times SQL could read: the JS path reads the rest, or says why it cannot infer.
  return inferred ? [inferred, 'data'] : null;
}

/** Runs the writes of an import as one transaction. */
export type Transact = (body: () => Promise<void>) => Promise<void>;

/** Looks at an import's report before it is committed; throwing refuses the import and writes nothing. */
export type AcceptImport = (report: ImportReport) => void;

/**
 * Imports one candle file through DuckDB SQL into the store (its writes inside `transact`) and reports as
 * loadFile does; null when the file's layout or the options need the JS path (see sqlCanImport, stageFile).
 */
export async function importBySql(
  store: Store,
  path: string,
  opts: ImportOptions,
  container: Container,
  head: Uint8Array,
  transact: Transact,
  accept?: AcceptImport,
): Promise<ImportReport | null> {
  const conn = store.connection;
  const staged = await stageFile(conn, path, container, head);
  if (!staged) return null;
  {
    const notes: string[] = [];
    const symbol = symbolFor(path, opts.symbol, hintsFromName(path), notes);
    const found = await timeframeFor(conn, path, opts);
    if (!found) return null;
    const [timeframe, timeframeFrom] = found;
    const timestamps = opts.timestamps ?? 'open';
    const counts = await check(conn, timeframe, timestamps === 'close' ? timeframeMs(timeframe) : 0);
    const series = { exchange: opts.exchange ?? DEFAULT_EXCHANGE, symbol, timeframe };
    const source = resolve(path);
    // Only the writes are one transaction (staging and checking touch temp tables alone); the report is built
    // inside it, so `accept` can still refuse the import and leave the store as it was.
    let report: ImportReport | null = null;
    await transact(async () => {
      await write(store, staged, counts, source, series);
      await conn.run(`INSERT OR REPLACE INTO series_info VALUES ($1, $2, $3, 'as given', $4, $5)`, [series.exchange, symbol, timeframe, marketName(opts.market), source]);
      const [rowsRead] = await one(conn, 'SELECT count(*)::DOUBLE FROM import_rows');
      const [imported, first, last] = await one(conn, `SELECT count(*)::DOUBLE, min(t), max(t) FROM ${kept(counts)}`);
      if (timestamps === 'open' && timeframeMs(timeframe) < 3_600_000) {
        // The first bar of each day is all closeStampHint looks at.
        const [dayFirsts] = await readDoubleColumns(conn, `SELECT min(t) FROM ${kept(counts)} GROUP BY floor(t / 86400000) ORDER BY 1`);
        const hint = closeStampHint(dayFirsts, timeframe);
        if (hint) notes.push(hint);
      }
      const step = timeframeMs(timeframe);
      const [before, after] = counts.gapless
        ? [[], []]
        : await readDoubleColumns(conn, `SELECT before, t FROM (SELECT lag(t) OVER (ORDER BY t) AS before, t FROM ${kept(counts)}) WHERE t - before > ${step} ORDER BY t`);
      const rejected = await rejections(conn, source, series);
      report = {
        source,
        container,
        kind: 'candles',
        series,
        market: marketName(opts.market),
        prices: 'as given',
        timeframeFrom,
        symbolFrom: opts.symbol ? 'option' : 'file name',
        timestamps,
        notes,
        rowsRead,
        imported,
        synthetic: 0,
        quarantined: rejected.total,
        byReason: rejected.byReason,
        firstRejected: rejected.first,
        duplicates: counts.duplicates,
        conflicts: counts.conflicts,
        reordered: counts.reordered,
        gaps: gapsBetween(before, after, timeframe, undefined, calendarFor(opts.market)),
        first: imported > 0 ? first : null,
        last: imported > 0 ? last : null,
      };
      accept?.(report);
    });
    return report;
  }
}

/** Drops the import's temp tables (after its transaction: an aborted one refuses every statement). */
export async function dropImportTables(conn: DuckDBConnection): Promise<void> {
  await conn.run('DROP VIEW IF EXISTS temp.import_rows');
  for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.${t}`);
}
