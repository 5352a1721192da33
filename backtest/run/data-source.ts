import { existsSync } from 'node:fs';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { Feed } from '../../engine/feed.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { ColumnarFeed, readStoreColumns, storeFeed, type ColumnarSeries } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { listSeries } from '../../data/series.ts';
import { openStore } from '../../data/store.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';

export interface DataRequest {
  /** Store files (.duckdb) and/or candle files. */
  paths: readonly string[];
  configs: readonly StrategyConfig[];
  symbol?: string;
  timeframe?: string;
  exchange?: string;
  from?: number;
  to?: number;
}

/** Where a run's candles came from, for the manifest. */
export interface DataSourceInfo {
  kind: 'store' | 'files';
  paths: string[];
  exchange?: string;
  series: SeriesKey[];
  from: number | null;
  to: number | null;
  /** Rows the file readers rejected (never traded), by file. */
  quarantined: { file: string; rows: number; byReason: Record<string, number> }[];
  /** Duplicate timestamps resolved (last write wins) and rows re-sorted, by file. */
  repaired: { file: string; duplicates: number; reordered: number }[];
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

const isStore = (p: string) => /\.(duckdb|db)$/i.test(p);

/**
 * Turns `--data` arguments into one feed. A store delivers, for each symbol the configs trade, the finest
 * stored timeframe that the configs' timeframes are multiples of (the engine aggregates the rest); files are
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
    return { inputs, info: { kind: 'store', paths: [req.paths[0]], exchange, series, from: req.from ?? null, to: req.to ?? null, quarantined: [], repaired: [] } };
  }
  return loadFileColumns(req);
}

function checkPaths(req: DataRequest): void {
  if (req.paths.length === 0) throw new Error('no data given (--data <store.duckdb | candle file>)');
  for (const p of req.paths) if (!existsSync(p)) throw new Error(`${p}: no such data file`);
  const stores = req.paths.filter(isStore);
  if (stores.length > 0 && stores.length !== req.paths.length) throw new Error('--data takes either one store or candle files, not both');
  if (stores.length > 1) throw new Error('--data takes one store');
}

async function fromStore(path: string, req: DataRequest): Promise<ResolvedData> {
  const { series, exchange } = await pickStoreSeries(path, req);
  const feed = storeFeed({ db: path, series, exchange, from: req.from, to: req.to });
  return { feed, info: { kind: 'store', paths: [path], exchange, series, from: req.from ?? null, to: req.to ?? null, quarantined: [], repaired: [] } };
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
  const series: SeriesKey[] = [];
  for (const symbol of unique(req.configs.map((c) => c.symbol))) {
    const needed = req.configs.filter((c) => c.symbol === symbol).map((c) => timeframeMs(c.timeframe));
    const candidates = available
      .filter((s) => s.symbol === symbol && (req.timeframe === undefined || s.timeframe === req.timeframe))
      .filter((s) => needed.every((n) => n % timeframeMs(s.timeframe) === 0))
      .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe));
    if (candidates.length === 0) {
      const have = available.filter((s) => s.symbol === symbol).map((s) => s.timeframe);
      throw new Error(
        `${path}: no ${symbol} series (exchange "${exchange}") that ${req.configs.filter((c) => c.symbol === symbol).map((c) => c.timeframe).join('/')} can be built from` +
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

async function loadFileColumns(req: DataRequest): Promise<ResolvedColumns> {
  if (req.paths.length > 1 && req.symbol !== undefined) throw new Error('--symbol names the series of a single data file; with several files, name them BASE_QUOTE-TF.ext');
  const quarantined: DataSourceInfo['quarantined'] = [];
  const repaired: DataSourceInfo['repaired'] = [];
  const inputs = [];
  for (const file of req.paths) {
    const symbol = req.symbol ?? (req.paths.length === 1 ? unique(req.configs.map((c) => c.symbol)).at(0) : undefined);
    const loaded = await loadFile(file, { symbol: req.symbol ?? guessSymbol(file, symbol), timeframe: req.timeframe });
    const r = loaded.report;
    if (r.quarantined > 0) quarantined.push({ file, rows: r.quarantined, byReason: r.byReason });
    if (r.duplicates > 0 || r.reordered > 0) repaired.push({ file, duplicates: r.duplicates, reordered: r.reordered });
    inputs.push({ series: { symbol: r.series.symbol, timeframe: r.series.timeframe }, columns: loaded.candles });
  }
  return {
    inputs,
    info: { kind: 'files', paths: [...req.paths], series: inputs.map((i) => i.series), from: req.from ?? null, to: req.to ?? null, quarantined, repaired },
  };
}

/** A lone file whose name does not say its symbol is taken to be the configs' (only) symbol. */
function guessSymbol(file: string, fallback: string | undefined): string | undefined {
  return /[A-Za-z0-9]+_[A-Za-z0-9]+(_[A-Za-z0-9]+)?-\d+[smhdw]/.test(file) ? undefined : fallback;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
