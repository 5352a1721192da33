import { readFileSync } from 'node:fs';
import { unzipped } from './formats/gzip.ts';
import { resolve } from 'node:path';
import { calendarFor, marketName } from '../engine/markets/market.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import type { CandleColumns } from './columns.ts';
import { readCsv } from './formats/csv.ts';
import { hintsFromName, type Container } from './formats/detect.ts';
import { checkTimeframe, containerOf, fileHead, FIRST_REJECTED, MissingOptionError, symbolFor } from './import-names.ts';
import { dropImportTables, importBySql, sqlCanImport, type AcceptImport } from './import-sql.ts';
import { UnreadBySql } from './import-sql-stage.ts';
import { readJson } from './formats/json.ts';
import { readParquet } from './formats/parquet.ts';
import type { RawData } from './formats/raw.ts';
import { fillGapsFlat, findGaps } from './gaps.ts';
import { adjustByAdjClose } from './adjust.ts';
import { inferTimeframe } from './infer.ts';
import { readAsLocal } from './local-times.ts';
import { DEFAULT_EXCHANGE } from './store-schema.ts';
import { replaceQuarantine, upsertCandles, type QuarantineRow } from './store-write.ts';
import { inTransaction, type Store } from './store.ts';
import { aggregateTrades } from './trades.ts';
import { closeStampHint, shiftToOpen } from './timestamps.ts';
import { REASON, validateBatch, type Conflict, type Rejection } from './validate.ts';

export { MissingOptionError };

export type { ImportOptions, ImportReport, TimestampConvention } from './import-types.ts';
import type { ImportOptions, ImportReport } from './import-types.ts';

export { FIRST_REJECTED };
export type { AcceptImport };

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
 * transaction. Importing the same file twice leaves the store as it was. `accept` sees the report before
 * anything is committed; if it throws, nothing is written and its error is the import's.
 */
export async function importFile(store: Store, path: string, opts: ImportOptions = {}, accept?: AcceptImport): Promise<ImportReport> {
  const head = fileHead(path);
  const container = containerOf(path, head, opts.format);
  if (sqlCanImport(opts, container)) {
    try {
      const report = await importBySql(store, path, opts, container, head, (write) => inTransaction(store, write), accept);
      if (report) return report;
    } catch (err) {
      if (!(err instanceof UnreadBySql)) throw err;
    } finally {
      await dropImportTables(store.connection);
    }
  }
  const loaded = await loadFile(path, opts);
  accept?.(loaded.report);
  return storeLoaded(store, loaded);
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
