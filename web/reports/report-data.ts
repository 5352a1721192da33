import { existsSync } from 'node:fs';
import { readStoreColumns } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { m4Arrays } from '../run-folder/m4.ts';
import {
  PORTFOLIO_ID,
  monthlyFromUnits,
  readEquityUnits,
  readManifest,
  readMetrics,
  readPrices,
  readAttributionPeriods,
  type AttributionPeriods,
  readSignals,
  readSweep,
  readTradeHistogram,
  type EquityLines,
  type MetricsDocument,
  type MonthlyReturn,
  type PriceLine,
  type ReturnHistogram,
  type RunManifest,
  type SignalPoint,
  type SweepTable,
  unitsToLines,
} from '../run-folder/read.ts';
import { withRunReader } from '../run-folder/scratch.ts';
import { strategyChart, type StrategyChart } from './candle-data.ts';
import { droppedCandles } from '../../backtest/records/price-display-read.ts';

/** Everything a run's report shows, already aggregated for display. */
export interface ReportData {
  dir: string;
  manifest: RunManifest;
  metrics: MetricsDocument;
  /** Strategies in manifest order. */
  strategies: { id: string; name: string; symbol: string; timeframe: string; capital: number | null }[];
  equity: EquityLines[];
  prices: PriceLine[];
  /** Where the prices came from: the run folder, the original data, or nowhere. */
  pricesFrom: 'run' | 'data' | null;
  signals: { points: SignalPoint[]; total: number };
  monthly: MonthlyReturn[];
  histogram: ReturnHistogram | null;
  sweep: SweepTable | null;
  /** Each strategy's candles at its timeframe with indicators and trades (empty without prices.parquet, or when not asked for). */
  candleCharts: StrategyChart[];
  /** Per-period attribution from attribution.parquet (null for older folders, whose metrics.json holds it). */
  attributionPeriods: AttributionPeriods | null;
  /** Milliseconds spent per step (benchmarks). */
  timings: Record<string, number>;
}

export interface ReportDataOptions {
  /** Points per line (default 2000). */
  points?: number;
  /** Marks per strategy and action on price charts (default: about 1,000 per chart split between its strategies). */
  signalsPerStrategy?: number;
  /** Read each strategy's candles, indicators and trades for the candlestick chart (default true). */
  candles?: boolean;
}

/** Reads and aggregates a run folder for its report. */
export async function loadReportData(dir: string, opts: ReportDataOptions = {}): Promise<ReportData> {
  const points = opts.points ?? 2000;
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = performance.now() - t0;
    }
  };
  const manifest = readManifest(dir);
  const metrics = readMetrics(dir);
  const strategies = (manifest.strategies.length ? manifest.strategies : metrics.strategies).map((s) => ({
    id: s.id,
    name: s.name ?? s.id,
    symbol: s.symbol,
    timeframe: s.timeframe,
    capital: typeof (s as { capital?: unknown }).capital === 'number' ? ((s as { capital: number }).capital) : null,
  }));
  const capitals = new Map(strategies.filter((s) => s.capital !== null).map((s) => [s.id, s.capital!]));
  const portfolioCapital = metrics.portfolio.initialCapital;
  if (typeof portfolioCapital === 'number') capitals.set(PORTFOLIO_ID, portfolioCapital);

  // About 2,000 signal marks per price chart in all, however many strategies share it.
  const perSymbol = new Map<string, number>();
  for (const s of strategies) perSymbol.set(s.symbol, (perSymbol.get(s.symbol) ?? 0) + 1);
  const signalBudget = opts.signalsPerStrategy ?? Math.max(25, Math.floor(1000 / Math.max(1, ...perSymbol.values())));
  const buckets = Math.max(1, Math.floor(points / 4));
  const r = await withRunReader(async (conn) => {
    const units = await time('equity', () => readEquityUnits(conn, dir, buckets));
    return {
      units,
      prices: await time('prices', () => readPrices(conn, dir, points)),
      signals: await time('signals', () => readSignals(conn, dir, signalBudget)),
      histogram: await time('histogram', () => readTradeHistogram(conn, dir)),
      attributionPeriods: await time('attribution', () => readAttributionPeriods(conn, dir)),
      sweep: await time('sweep', () => readSweep(conn, dir, sweepParams(manifest))),
      candleCharts: opts.candles === false ? [] : await time('candles', async () => Promise.all(manifest.strategies.map((s) => strategyChart(conn, dir, s, undefined, droppedCandles(manifest.display, s.symbol, s.timeframe))))),
    };
  });
  const equity: EquityLines[] = [...r.units.entries()].map(([id, u]) => ({ id, ...unitsToLines(u, buckets) }));
  const monthly: MonthlyReturn[] = [...r.units.entries()].flatMap(([id, u]) => monthlyFromUnits(id, u, capitals.get(id)));
  let prices = r.prices;
  let pricesFrom: ReportData['pricesFrom'] = prices.length ? 'run' : null;
  if (prices.length === 0) {
    prices = await time('pricesFromData', () => pricesFromData(manifest, points).catch(() => []));
    if (prices.length) pricesFrom = 'data';
  }
  const order = new Map(strategies.map((s, i) => [s.id, i]));
  equity.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
  return { dir, manifest, metrics, strategies, equity, monthly, prices, pricesFrom, signals: r.signals, histogram: r.histogram, attributionPeriods: r.attributionPeriods, sweep: r.sweep, candleCharts: r.candleCharts, timings };
}

/** Parameter paths a sweep manifest lists (`params: [{path, values}]`). */
function sweepParams(m: RunManifest): string[] {
  const p = (m as { params?: unknown }).params;
  return Array.isArray(p) ? p.map((x) => (typeof x === 'string' ? x : String((x as { path?: unknown }).path ?? ''))).filter(Boolean) : [];
}

/** Run folders without display prices (the oldest ones): read the candles from the data the manifest names, if still there. */
async function pricesFromData(manifest: RunManifest, points: number): Promise<PriceLine[]> {
  const data = manifest.data;
  const series = data?.series ?? [];
  const paths = data?.paths ?? [];
  if (series.length === 0 || paths.length === 0 || !paths.every((p) => existsSync(p))) return [];
  const out: PriceLine[] = [];
  const buckets = Math.max(1, Math.floor(points / 4));
  const from = typeof data?.from === 'string' ? Date.parse(data.from) : undefined;
  const to = typeof data?.to === 'string' ? Date.parse(data.to) : undefined;
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    const tf = timeframeMs(s.timeframe);
    let openTime: Float64Array;
    let close: Float64Array;
    if (data?.kind === 'store') {
      const cols = await readStoreColumns({ db: paths[0], series: s, exchange: data.exchange, from, to });
      ({ openTime, close } = cols);
    } else {
      if (!paths[i]) continue;
      const cols = (await loadFile(paths[i], { symbol: s.symbol, timeframe: s.timeframe })).candles;
      ({ openTime, close } = cols);
    }
    const t = new Float64Array(openTime.length);
    for (let k = 0; k < t.length; k++) t[k] = openTime[k] + tf;
    out.push({ symbol: s.symbol, timeframe: s.timeframe, close: m4Arrays(t, close, buckets) });
  }
  return out;
}
