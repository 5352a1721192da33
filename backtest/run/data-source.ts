import { existsSync } from 'node:fs';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { configSymbols, neededSeries } from '../../engine/config/series.ts';
import type { Feed } from '../../engine/feed.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { ColumnarFeed, readStoreColumns, storeFeed, type ColumnarSeries } from '../../data/historical-feed.ts';
import { hintsFromName } from '../../data/formats/detect.ts';
import { loadFile, type TimestampConvention } from '../../data/import.ts';
import { noUsableRows, rejectedRowLines } from '../../data/report.ts';
import type { QuarantineRow } from '../../data/store-write.ts';
import { listSeries } from '../../data/series.ts';
import { openStore } from '../../data/store.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { checkDetailData } from './detail-data.ts';

export interface DataRequest {
  /** Store files (.duckdb) and/or candle files; a file may name its symbol as `FILE=SYMBOL`. */
  paths: readonly string[];
  configs: readonly StrategyConfig[];
  symbol?: string;
  timeframe?: string;
  exchange?: string;
  from?: number;
  to?: number;
  /** What the files' timestamps mark (default: each bar's open). */
  timestamps?: TimestampConvention;
  /** Refuse the data (StrictDataError, before anything runs) when a file has rejected or conflicting rows. */
  strict?: boolean;
}

/** Data that --strict refuses, with the rows that broke it. */
export class StrictDataError extends Error {}

/** Where a run's candles came from, for the manifest. */
export interface DataSourceInfo {
  kind: 'store' | 'files';
  paths: string[];
  exchange?: string;
  series: SeriesKey[];
  from: number | null;
  to: number | null;
  /** Rows the file readers rejected (never traded), by file, with the first of them by row number. */
  quarantined: { file: string; rows: number; byReason: Record<string, number>; first: QuarantineRow[] }[];
  /** What the files' timestamps were read as (bar open or close times). */
  timestamps: TimestampConvention;
  /** How each file was read where that took a guess (symbol from its name, layout), and conventions it seems to break. */
  notes: { file: string; note: string }[];
  /** Duplicate timestamps resolved (last write wins) and rows re-sorted, by file. */
  repaired: { file: string; duplicates: number; reordered: number }[];
  /** Per series: prices `as given` (unadjusted, the default) or `adjusted` by Adj Close on import (--adjust). */
  prices: { symbol: string; timeframe: string; prices: string }[];
}

export interface ResolvedData {
  feed: Feed;
  info: DataSourceInfo;
}

/** The data of a request read whole into memory (sweeps, walk-forward and checks replay it many times). */
export interface ResolvedColumns {
  inputs: ColumnarSeries[];
  info: DataSourceInfo;
}

/** A DuckDB store (by extension) rather than a candle file. */
export const isStore = (p: string) => /\.(duckdb|db)$/i.test(p);

/**
 * Turns `--data` arguments into one feed. A store delivers, for each symbol the configs read (their own and
 * their informative series'), the finest stored timeframe that every timeframe they read of it is a multiple
 * of (the engine aggregates the rest); files are
 * read, validated and sorted by the importer's reader, and whatever it rejects is reported, never traded.
 */
export async function resolveData(req: DataRequest): Promise<ResolvedData> {
  checkPaths(req);
  return req.paths.some(isStore) ? fromStore(req.paths[0], req) : fromFiles(req);
}

/**
 * Like resolveData, but reads every candle into columns once (a store series within [from, to); files
 * whole, the range applying when a ColumnarFeed is built over them with the same from/to).
 */
export async function loadColumns(req: DataRequest): Promise<ResolvedColumns> {
  checkPaths(req);
  if (req.paths.some(isStore)) {
    const { series, exchange } = await pickStoreSeries(req.paths[0], req);
    const inputs: ColumnarSeries[] = [];
    for (const s of series) inputs.push({ series: s, columns: await readStoreColumns({ db: req.paths[0], series: s, exchange, from: req.from, to: req.to }) });
    return { inputs, info: { kind: 'store', paths: [req.paths[0]], exchange, series, from: req.from ?? null, to: req.to ?? null, quarantined: [], repaired: [], timestamps: 'open', notes: [], prices: await storedPrices(req.paths[0], exchange, series) } };
  }
  return loadFileColumns(req);
}

function checkPaths(req: DataRequest): void {
  if (req.paths.length === 0) throw new Error('no data given (--data <store.duckdb | candle file>)');
  for (const { file } of req.paths.map(splitDataArg)) if (!existsSync(file)) throw new Error(`${file}: no such data file`);
  const stores = req.paths.filter(isStore);
  if (stores.length > 0 && stores.length !== req.paths.length) throw new Error('--data takes either one store or candle files, not both');
  if (stores.length > 1) throw new Error('--data takes one store');
}

async function fromStore(path: string, req: DataRequest): Promise<ResolvedData> {
  const { series, exchange } = await pickStoreSeries(path, req);
  const feed = storeFeed({ db: path, series, exchange, from: req.from, to: req.to });
  return { feed, info: { kind: 'store', paths: [path], exchange, series, from: req.from ?? null, to: req.to ?? null, quarantined: [], repaired: [], timestamps: 'open', notes: [], prices: await storedPrices(path, exchange, series) } };
}

/** What the store recorded of each series' prices at import (`as given` when it recorded nothing). */
async function storedPrices(path: string, exchange: string, series: readonly SeriesKey[]): Promise<DataSourceInfo['prices']> {
  const store = await openStore(path);
  try {
    const reader = await store.connection.runAndReadAll('SELECT symbol, timeframe, prices FROM series_info WHERE exchange = $1', [exchange]);
    const known = new Map(reader.getRowObjects().map((r) => [`${r.symbol}|${r.timeframe}`, String(r.prices)]));
    return series.map((s) => ({ symbol: s.symbol, timeframe: s.timeframe, prices: known.get(`${s.symbol}|${s.timeframe}`) ?? 'as given' }));
  } finally {
    store.close();
  }
}

/** For each symbol the configs trade, the finest stored series their timeframes can be built from. */
async function pickStoreSeries(path: string, req: DataRequest): Promise<{ series: SeriesKey[]; exchange: string }> {
  const exchange = req.exchange ?? DEFAULT_EXCHANGE;
  const store = await openStore(path);
  let available;
  try {
    available = (await listSeries(store)).filter((s) => s.exchange === exchange);
  } finally {
    store.close();
  }
  checkDetailData(req.configs, available, `${path} (exchange "${exchange}")`);
  const series: SeriesKey[] = [];
  const wanted = neededSeries(req.configs);
  for (const symbol of unique(wanted.map((s) => s.symbol))) {
    const tfs = wanted.filter((s) => s.symbol === symbol).map((s) => s.timeframe);
    const needed = tfs.map(timeframeMs);
    const candidates = available
      .filter((s) => s.symbol === symbol && (req.timeframe === undefined || s.timeframe === req.timeframe))
      .filter((s) => needed.every((n) => n % timeframeMs(s.timeframe) === 0))
      .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe));
    if (candidates.length === 0) {
      const have = available.filter((s) => s.symbol === symbol).map((s) => s.timeframe);
      throw new Error(
        `${path}: no ${symbol} series (exchange "${exchange}") that ${tfs.join('/')} can be built from` +
          (have.length ? ` (stored: ${have.join(', ')})` : ' (none stored; import or fetch it first)'),
      );
    }
    series.push({ symbol, timeframe: candidates[0].timeframe });
  }
  return { series, exchange };
}

async function fromFiles(req: DataRequest): Promise<ResolvedData> {
  const { inputs, info } = await loadFileColumns(req);
  return { feed: new ColumnarFeed(inputs, { from: req.from, to: req.to }), info };
}

/**
 * `FILE=SYMBOL` names a file's symbol; a path that exists is returned whole, with no symbol. The split is at the
 * first `=` that ends an existing file, so symbols may hold `=` (`prices.csv=ES=F` is ES=F from prices.csv).
 */
export function splitDataArg(arg: string): { file: string; symbol?: string } {
  if (existsSync(arg) || !arg.includes('=')) return { file: arg };
  for (let eq = arg.indexOf('='); eq !== -1; eq = arg.indexOf('=', eq + 1)) {
    if (eq > 0 && existsSync(arg.slice(0, eq))) return { file: arg.slice(0, eq), symbol: arg.slice(eq + 1) };
  }
  throw new Error(`--data ${arg}: no such data file, and no part before an "=" in it is one (give FILE=SYMBOL with an existing FILE)`);
}

async function loadFileColumns(req: DataRequest): Promise<ResolvedColumns> {
  const args = req.paths.map(splitDataArg);
  if (args.length > 1 && req.symbol !== undefined) {
    throw new Error('--symbol names the series of a single data file; with several files, give each its symbol as --data FILE=SYMBOL (or use BASE_QUOTE-TF file names)');
  }
  const quarantined: DataSourceInfo['quarantined'] = [];
  const repaired: DataSourceInfo['repaired'] = [];
  const notes: DataSourceInfo['notes'] = [];
  const inputs = [];
  for (const { file, symbol: named } of args) {
    const fallback = req.symbol ?? named ?? (args.length === 1 ? unique(req.configs.map((c) => c.symbol)).at(0) : undefined);
    const symbol = req.symbol ?? named ?? guessSymbol(file, fallback);
    const market = req.configs.find((c) => c.symbol === (symbol ?? hintsFromName(file).symbol))?.market;
    const loaded = await loadFile(file, { symbol, timeframe: req.timeframe, timestamps: req.timestamps, market });
    const r = loaded.report;
    if (r.imported === 0) throw new Error(noUsableRows(file, r.rowsRead, r.byReason, rejectedRowLines(file, r.firstRejected, r.quarantined)));
    if (r.quarantined > 0) quarantined.push({ file, rows: r.quarantined, byReason: r.byReason, first: r.firstRejected });
    if (r.duplicates > 0 || r.reordered > 0) repaired.push({ file, duplicates: r.duplicates, reordered: r.reordered });
    for (const note of r.notes) notes.push({ file, note });
    inputs.push({ series: { symbol: r.series.symbol, timeframe: r.series.timeframe }, columns: loaded.candles });
  }
  if (req.strict && quarantined.length > 0) {
    const rows = quarantined.flatMap((q) => rejectedRowLines(q.file, q.first, q.rows));
    throw new StrictDataError(`--strict: ${quarantined.reduce((n, q) => n + q.rows, 0)} data row(s) were rejected, so nothing was run:\n${rows.join('\n')}`);
  }
  checkSymbols(req.configs, inputs.map((i) => i.series), args, notes);
  return {
    inputs,
    info: {
      kind: 'files',
      paths: [...req.paths],
      series: inputs.map((i) => i.series),
      from: req.from ?? null,
      to: req.to ?? null,
      quarantined,
      repaired,
      timestamps: req.timestamps ?? 'open',
      notes,
      prices: inputs.map((i) => ({ ...i.series, prices: 'as given' })),
    },
  };
}

/**
 * Every symbol a config reads (its own and its informative series') must be in the files: otherwise say which
 * config wants what, what the files hold and why.
 */
function checkSymbols(configs: readonly StrategyConfig[], series: readonly SeriesKey[], args: readonly { file: string }[], notes: DataSourceInfo['notes']): void {
  const have = unique(series.map((s) => s.symbol));
  const missing = configs.flatMap((c) => configSymbols(c).filter((symbol) => !have.includes(symbol)).map((symbol) => ({ c, symbol })));
  if (missing.length === 0) return;
  const held = series.map((s, i) => `${args[i].file}: ${s.symbol} ${s.timeframe}${notes.some((n) => n.file === args[i].file && n.note.startsWith('symbol ')) ? ' (symbol from the file name)' : ''}`);
  const wants = missing.map(({ c, symbol }) => `"${c.id}" wants ${symbol} ${symbol === c.symbol ? c.timeframe : neededSeries([c]).filter((s) => s.symbol === symbol).map((s) => s.timeframe).join('/')}`).join('; ');
  throw new Error(
    `${wants}, but the data holds ${held.join(', ')}. Give a file of ${unique(missing.map((m) => m.symbol)).join(', ')} with another --data, ` +
      `or name a file's symbol with --data FILE=SYMBOL (or --symbol for a single file).`,
  );
}

/** A lone file whose name does not say its symbol is taken to be the configs' (only) symbol. */
function guessSymbol(file: string, fallback: string | undefined): string | undefined {
  return hintsFromName(file).symbol !== undefined ? undefined : fallback;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
