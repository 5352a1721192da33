import { readFileSync } from 'node:fs';
import { unzipped } from './formats/gzip.ts';
import { resolve } from 'node:path';
import { calendarFor, marketName, type Market } from '../engine/markets/market.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import type { CandleColumns } from './columns.ts';
import { readCsv } from './formats/csv.ts';
import { hintsFromName, type Container, type FormatOption } from './formats/detect.ts';
import { checkTimeframe, containerOf, fileHead, FIRST_REJECTED, MissingOptionError, symbolFor } from './import-names.ts';
import { dropImportTables, importBySql, sqlCanImport } from './import-sql.ts';
import { UnreadBySql } from './import-sql-stage.ts';
import { readJson } from './formats/json.ts';
import { readParquet } from './formats/parquet.ts';
import type { RawData } from './formats/raw.ts';
import { fillGapsFlat, findGaps, type GapReport } from './gaps.ts';
import { adjustByAdjClose } from './adjust.ts';
import { inferTimeframe } from './infer.ts';
import { readAsLocal } from './local-times.ts';
import { DEFAULT_EXCHANGE } from './store-schema.ts';
import { replaceQuarantine, upsertCandles, type QuarantineRow } from './store-write.ts';
import { inTransaction, type SeriesRef, type Store } from './store.ts';
import { aggregateTrades } from './trades.ts';
import { closeStampHint, shiftToOpen } from './timestamps.ts';
import { REASON, validateBatch, type Conflict, type Rejection } from './validate.ts';

export { MissingOptionError };

export interface ImportOptions {
  readonly symbol?: string;
  readonly timeframe?: Timeframe;
  readonly exchange?: string;
  /** Forces the container, or `trades` to read trades (container detected). */
  readonly format?: FormatOption;
  /** `flat`: fill gaps with zero-volume candles at the previous close, flagged synthetic. */
  readonly fillGaps?: 'flat';
  /** What the file's timestamps mark: each bar's open (default) or its close (moved back one bar on read). */
  readonly timestamps?: TimestampConvention;
  /** Back-adjust OHLC by the file's Adj Close (ratio method); default: prices as given (unadjusted). */
  readonly adjust?: boolean;
  /** Time zone of timestamps without an offset (`America/New_York`); default UTC. Offsets in the file are always honoured. */
  readonly tz?: string;
  /** The series' market: its calendar decides which missing bars are gaps and where bars open (default crypto, 24/7). */
  readonly market?: Market;
}

export type TimestampConvention = 'open' | 'close';

/** What an import did; `rowsRead = imported real rows + quarantined + duplicates` for candle files. */
export interface ImportReport {
  readonly source: string;
  readonly container: Container;
  readonly kind: 'candles' | 'trades';
  readonly series: SeriesRef;
  /** `adjusted` (back-adjusted by Adj Close, --adjust) or `as given` (unadjusted, the default). */
  readonly prices: 'adjusted' | 'as given';
  /** The market whose calendar the gaps and alignment were judged by (`crypto`: 24/7). */
  readonly market: string;
  /** Where the timeframe came from. */
  readonly timeframeFrom: 'option' | 'file name' | 'data';
  /** Where the symbol came from: `file name` is a freqtrade name (BASE_QUOTE-TF.ext). */
  readonly symbolFrom: 'option' | 'file name';
  /** The timestamp convention the file was read with. */
  readonly timestamps: TimestampConvention;
  /** How the file was read where that needed a guess or a repair, and conventions it seems to break. */
  readonly notes: string[];
  readonly rowsRead: number;
  /** Candles written (real ones; synthetic ones are counted in `synthetic`). */
  readonly imported: number;
  readonly synthetic: number;
  readonly quarantined: number;
  readonly byReason: Record<string, number>;
  /** The first quarantined rows (all of them are in the store's quarantine table, or LoadedFile.quarantine). */
  readonly firstRejected: QuarantineRow[];
  readonly duplicates: number;
  /** Rows dropped for a later row of the same open time with other values (also quarantined, by row). */
  readonly conflicts: number;
  readonly reordered: number;
  /** Gaps in the file's candles (before any filling). */
  readonly gaps: GapReport;
  readonly first: number | null;
  readonly last: number | null;
}

export { FIRST_REJECTED };

/** A file read, validated and ready to store. */
export interface LoadedFile {
  readonly report: ImportReport;
  /** Sorted, unique, valid candles (plus synthetic ones with --fill-gaps flat). */
  readonly candles: CandleColumns;
  /** Rejected rows, by row number. */
  readonly quarantine: QuarantineRow[];
}

async function readRaw(path: string, container: Container, force?: 'trades'): Promise<RawData> {
  if (container === 'parquet') return readParquet(path, force);
  const bytes = unzipped(readFileSync(path));
  // apache-arrow (about 150 modules) loads only when an Arrow file is read, not for every CSV or JSON import.
  if (container === 'arrow') return (await import('./formats/arrow.ts')).readArrow(bytes, force);
  const text = bytes.toString('utf8');
  return container === 'json' ? readJson(text, force) : readCsv(text, force);
}

function countReasons(rows: readonly QuarantineRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.reason] = (out[r.reason] ?? 0) + 1;
  return out;
}

/** Reads and validates a candle or trades file without touching a store (see importFile). */
export async function loadFile(path: string, opts: ImportOptions = {}): Promise<LoadedFile> {
  const container = containerOf(path, fileHead(path), opts.format);
  const raw = await readRaw(path, container, opts.format === 'trades' ? 'trades' : undefined);
  const hints = hintsFromName(path);
  const notes = [...(raw.notes ?? [])];
  const symbol = symbolFor(path, opts.symbol, hints, notes);
  const exchange = opts.exchange ?? DEFAULT_EXCHANGE;

  let timeframe: Timeframe;
  let timeframeFrom: ImportReport['timeframeFrom'];
  if (opts.timeframe) [timeframe, timeframeFrom] = [checkTimeframe(opts.timeframe), 'option'];
  else if (raw.kind === 'trades') throw new MissingOptionError('--timeframe is required for trades (the candle size to aggregate them into)');
  else if (hints.timeframe) [timeframe, timeframeFrom] = [hints.timeframe, 'file name'];
  else {
    const inferred = inferTimeframe(raw.cols.openTime);
    if (!inferred) throw new MissingOptionError('--timeframe is required: too few rows to infer it from their spacing');
    [timeframe, timeframeFrom] = [inferred, 'data'];
  }

  if (opts.tz !== undefined) notes.push(readAsLocal(raw, opts.tz));
  if (opts.adjust) notes.push(adjustByAdjClose(path, raw));
  const calendar = calendarFor(opts.market);
  const timestamps = opts.timestamps ?? 'open';
  if (timestamps === 'close') shiftToOpen(raw, timeframeMs(timeframe));
  else {
    const hint = closeStampHint(raw.kind === 'candles' ? raw.cols.openTime : raw.time, timeframe);
    if (hint) notes.push(hint);
  }

  let candles: CandleColumns;
  let rejected: Rejection[];
  let conflicts: Conflict[] = [];
  let duplicates = 0;
  let reordered: number;
  let rowsRead: number;
  if (raw.kind === 'trades') {
    const agg = aggregateTrades(raw, timeframe);
    ({ candles, rejected, reordered } = agg);
    rowsRead = raw.length + raw.malformed.length;
  } else {
    const batch = validateBatch(raw.cols, timeframe, calendar);
    ({ candles, rejected, duplicates, conflicts, reordered } = batch);
    rowsRead = raw.cols.length + raw.malformed.length;
  }
  const quarantine = [
    ...raw.malformed,
    ...rejected.map((r) => ({ rowNumber: raw.rowNumbers[r.index], reason: r.reason, raw: raw.raw(r.index) })),
    ...conflicts.map((c) => ({ rowNumber: raw.rowNumbers[c.index], reason: REASON.conflict, raw: `${raw.raw(c.index)}  (kept: row ${raw.rowNumbers[c.keptIndex]}: ${raw.raw(c.keptIndex)})` })),
  ].sort((a, b) => a.rowNumber - b.rowNumber);

  const gaps = findGaps(candles.openTime, timeframe, undefined, calendar);
  const real = candles.length;
  if (opts.fillGaps === 'flat') candles = fillGapsFlat(candles, timeframe);
  const report: ImportReport = {
    source: resolve(path),
    container,
    kind: raw.kind,
    series: { exchange, symbol, timeframe },
    market: marketName(opts.market),
    prices: opts.adjust ? 'adjusted' : 'as given',
    timeframeFrom,
    symbolFrom: opts.symbol ? 'option' : 'file name',
    timestamps,
    notes,
    rowsRead,
    imported: real,
    synthetic: candles.length - real,
    quarantined: quarantine.length,
    byReason: countReasons(quarantine),
    firstRejected: quarantine.slice(0, FIRST_REJECTED),
    duplicates,
    conflicts: conflicts.length,
    reordered,
    gaps,
    first: candles.length ? candles.openTime[0] : null,
    last: candles.length ? candles.openTime[candles.length - 1] : null,
  };
  return { report, candles, quarantine };
}

/**
 * Imports one file into the store: read, validate, upsert candles (last write wins), and record rejected
 * rows in `quarantine` (replacing those of an earlier import of the same file and series), in one
 * transaction. Importing the same file twice leaves the store as it was.
 */
export async function importFile(store: Store, path: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const head = fileHead(path);
  const container = containerOf(path, head, opts.format);
  if (sqlCanImport(opts, container)) {
    try {
      const report = await importBySql(store, path, opts, container, head, (write) => inTransaction(store, write));
      if (report) return report;
    } catch (err) {
      if (!(err instanceof UnreadBySql)) throw err;
    } finally {
      await dropImportTables(store.connection);
    }
  }
  return storeLoaded(store, await loadFile(path, opts));
}

/** Writes a file that loadFile read into the store, as importFile does. */
export async function storeLoaded(store: Store, loaded: LoadedFile): Promise<ImportReport> {
  const { report } = loaded;
  await inTransaction(store, async () => {
    await upsertCandles(store, report.series, loaded.candles);
    await replaceQuarantine(store, report.source, report.series, loaded.quarantine);
    const { exchange, symbol, timeframe } = report.series;
    await store.connection.run('INSERT OR REPLACE INTO series_info VALUES ($1, $2, $3, $4, $5, $6)', [exchange, symbol, timeframe, report.prices, report.market, report.source]);
  });
  return report;
}
