import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ColumnarSeries } from '../../data/historical-feed.ts';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { configSymbols } from '../../engine/config/series.ts';
import type { StrategyMetrics } from '../../engine/types.ts';
import { contentHash } from '../records/canonical.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { loadColumns, type DataRequest, type DataSourceInfo } from './data-source.ts';
import { FeedObserver, type DataSummary } from './feed-observer.ts';
import { loadConfigs, loadStrategyModules, type LoadedConfig } from './load-configs.ts';
import { performanceColumns, type RunRecord } from '../records/results-db.ts';
import type { BacktestResult } from './run-backtest.ts';
import { shareColumns, type SharedData } from './shared-columns.ts';

/** The package version, recorded in every manifest. */
export const ENGINE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** 2024-01-01T12:00:00.000Z -> 20240101T120000Z (run ids). */
export function compactStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** The results-database row of a run made by runBacktest (backtest, A/B): portfolio totals and one row per strategy. */
export function backtestRunRecord(
  kind: RunRecord['kind'],
  run: { runId: string; createdAt: Date; outDir: string; command: string; configHashes: readonly string[]; summary: unknown },
  result: BacktestResult,
): RunRecord {
  return {
    runId: run.runId,
    kind,
    createdAt: run.createdAt.toISOString(),
    outDir: run.outDir,
    command: run.command,
    dataHash: result.data.hash,
    dataFrom: iso(result.data.firstTime),
    dataTo: iso(result.data.lastTime),
    candles: result.data.candles,
    totalReturn: result.portfolio.totalReturn,
    sharpe: result.portfolio.sharpeRatio,
    maxDrawdown: result.portfolio.maxDrawdown,
    trades: result.portfolio.totalTrades,
    summary: run.summary,
    strategies: result.strategies.map((s, i) => {
      const p = s.metrics.performance;
      return {
        id: s.id,
        name: s.name,
        symbol: s.config.symbol,
        timeframe: s.config.timeframe,
        configHash: run.configHashes[i],
        ...performanceColumns(p),
        finalEquity: s.finalEquity,
        metrics: s.metrics,
        config: s.config,
      };
    }),
  };
}

/** The run_strategies row of one chosen variant of a many-replay run (a sweep's best combination, an optimisation's recommended trial), `id#index`. */
export function chosenStrategyRow(metrics: StrategyMetrics, config: StrategyConfig, index: number): RunRecord['strategies'][number] {
  const p = metrics.performance;
  return {
    id: `${metrics.id}#${index}`,
    name: metrics.name,
    symbol: config.symbol,
    timeframe: config.timeframe,
    configHash: contentHash(config),
    totalReturn: p.totalReturn,
    sharpe: p.sharpeRatio,
    sortino: p.sortinoRatio,
    maxDrawdown: p.maxDrawdown,
    winRate: p.winRate,
    trades: p.totalTrades,
    exposure: p.exposure,
    finalEquity: p.equity,
    metrics,
    config,
  };
}

/** Loads a config file that must hold exactly one strategy (sweeps and walk-forward vary one strategy). */
export function loadSingleConfig(path: string, capital?: number): { loaded: LoadedConfig; config: StrategyConfig } {
  const loaded = loadConfigs([path]);
  if (loaded.length !== 1) throw new Error(`${path}: holds ${loaded.length} strategies; give a config with exactly one`);
  const config = capital === undefined ? loaded[0].config : { ...loaded[0].config, capital };
  return { loaded: loaded[0], config };
}

/** Data read once for many replays: the columns, where they came from, their fingerprint, and a shared copy for workers. */
export interface PreparedData {
  inputs: ColumnarSeries[];
  info: DataSourceInfo;
  /** Fingerprint and gaps of the candles in range (same hash as `strata backtest` on the same data). */
  summary: DataSummary;
  shared: SharedData;
  modules: Map<string, StrategyFactory>;
}

/**
 * Reads the data, fingerprints the range, checks that every config can be routed (its symbol is in the data
 * and its timeframe can be built from it), and copies the columns into shared memory.
 */
export async function prepareData(configs: readonly StrategyConfig[], request: Omit<DataRequest, 'configs'>): Promise<PreparedData> {
  const modules = await loadStrategyModules(configs);
  const { inputs, info } = await loadColumns({ ...request, configs });
  const observer = new FeedObserver(new ColumnarFeed(inputs, { from: request.from, to: request.to }));
  for await (const _ of observer);
  const summary = observer.summary();
  const check = new StrategyManager({ modules });
  check.setSourceSeries(inputs.map((i) => i.series));
  for (const c of configs) check.startStrategy(c);
  for (const c of configs) {
    for (const symbol of configSymbols(c)) {
      const n = summary.series.filter((s) => s.symbol === symbol).reduce((a, s) => a + s.candles, 0);
      if (n === 0) throw new Error(symbol === c.symbol ? `no ${symbol} candles in the data range` : `no ${symbol} candles in the data range (an informative series of ${c.id ?? c.symbol})`);
    }
  }
  return { inputs, info, summary, shared: shareColumns(randomUUID(), inputs), modules };
}
