import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ColumnarSeries } from '../../data/historical-feed.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { calendarsBySymbol } from '../../engine/markets/symbol-markets.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { seriesId } from '../../engine/types.ts';
import { assembleResult, newPortfolioCurve, portfolioBasis } from './assemble-result.ts';
import { PriceRecorder } from './benchmarks.ts';
import { checkDetailData } from './detail-data.ts';
import { FeedObserver } from './feed-observer.ts';
import { GrowableFloat64 } from './growable.ts';
import type { BacktestOptions, BacktestResult, ParallelRun } from './run-backtest.ts';
import type { ShardOutput } from './shard-collector.ts';
import { mergeShards, replayPortfolio } from './shard-merge.ts';
import type { ShardTask } from './shard-worker.ts';
import { shareColumns } from './shared-columns.ts';

const WORKER_ENTRY = new URL('./shard-worker.mjs', import.meta.url);

/** The feed wrapped to fingerprint the data, report gaps and record prices for the benchmarks. */
export function observeFeed(opts: BacktestOptions, configs: readonly StrategyConfig[], prices: PriceRecorder): FeedObserver {
  return new FeedObserver(opts.feed, {
    onProgress: opts.onProgress,
    calendarOf: calendarsBySymbol(configs),
    onCandle: (symbol, openTime, closeTime, open, close) => prices.onCandle(symbol, openTime, closeTime, open, close),
  });
}

/** How many threads a run can use: strategies that share anything (capital, a gate, in-memory code) stay on one. */
export function shardPlan(opts: BacktestOptions, requested: number): ParallelRun {
  const one = (reason: string | null): ParallelRun => ({ requested, used: 1, reason });
  if (requested === 1) return one(null);
  if (opts.portfolio) return one('portfolio mode: the strategies share capital, so they run on one thread');
  if (opts.gate) return one('an order gate reviews the orders of every strategy, so they run on one thread');
  if (opts.configs.length < 2) return one(null);
  const inMemory = opts.configs.find((c) => c.module !== undefined && !isAbsolute(c.module));
  if (inMemory) return one(`strategy module "${inMemory.module}" is given in memory and cannot be loaded in a worker thread, so the strategies run on one thread`);
  const ids = new StrategyManager();
  const seen = new Set<string>();
  for (const c of opts.configs) {
    const id = ids.requestedId(c);
    if (seen.has(id)) return one(`strategy id "${id}" is given twice (the engine numbers repeats in start order), so the strategies run on one thread`);
    seen.add(id);
  }
  return { requested, used: Math.min(requested, opts.configs.length), reason: null };
}

/**
 * Reads the feed once on this thread (fingerprint, gaps, prices) into per-series columns. Returns a reason
 * instead when the feed is not plain closed candles in the order a ColumnarFeed replays them (funding or status
 * events, irregular close times), since the workers could then not replay it exactly.
 */
async function materialise(observer: FeedObserver): Promise<ColumnarSeries[] | string> {
  const series = observer.series;
  const index = new Map(series.map((s, i) => [seriesId(s.symbol, s.timeframe), i]));
  const steps = series.map((s) => timeframeMs(s.timeframe));
  const cols = series.map(() => ({ openTime: new GrowableFloat64(), open: new GrowableFloat64(), high: new GrowableFloat64(), low: new GrowableFloat64(), close: new GrowableFloat64(), volume: new GrowableFloat64() }));
  let lastClose = Number.NEGATIVE_INFINITY;
  let lastSeries = -1;
  for await (const e of observer) {
    if (e.kind !== 'candle' || !e.closed) return 'the feed carries funding, status or in-progress events, so the strategies run on one thread';
    const c = e.candle;
    const i = index.get(seriesId(c.symbol, c.timeframe));
    if (i === undefined || c.closeTime !== c.openTime + steps[i]) return `the feed's ${c.symbol} ${c.timeframe} candles are not regular closed bars of its series, so the strategies run on one thread`;
    if (c.closeTime < lastClose || (c.closeTime === lastClose && i <= lastSeries)) return 'the feed is not in (close time, series) order, so the strategies run on one thread';
    lastClose = c.closeTime;
    lastSeries = i;
    const k = cols[i];
    k.openTime.push(c.openTime);
    k.open.push(c.open);
    k.high.push(c.high);
    k.low.push(c.low);
    k.close.push(c.close);
    k.volume.push(c.volume);
  }
  return series.map((s, i) => {
    const k = cols[i];
    return { series: s, columns: { length: k.openTime.length, openTime: k.openTime.view(), open: k.open.view(), high: k.high.view(), low: k.low.view(), close: k.close.view(), volume: k.volume.view() } };
  });
}

function runInWorker(task: ShardTask): Promise<ShardOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: task });
    let settled = false;
    worker.once('message', (m: { ok: true; output: ShardOutput } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.output);
      else reject(new Error(m.error));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`a backtest worker thread exited with code ${code} before it answered`));
    });
  });
}

/** Splits `items` into `k` contiguous groups whose sizes differ by at most one, the larger first. */
export function contiguousGroups<T>(items: readonly T[], k: number): T[][] {
  const groups: T[][] = [];
  let start = 0;
  for (let g = 0; g < k; g++) {
    const size = Math.floor(items.length / k) + (g < items.length % k ? 1 : 0);
    groups.push(items.slice(start, start + size));
    start += size;
  }
  return groups;
}

/**
 * Runs the configs in `used` worker threads, each a contiguous group with its own StrategyManager over the
 * candles in shared memory, and merges their output into exactly what one thread gives. Returns a reason
 * (and runs nothing) when the feed cannot be shared.
 */
export async function runSharded(opts: BacktestOptions, used: number, requested: number): Promise<BacktestResult | string> {
  const configs = opts.configs;
  checkDetailData(configs, opts.feed.series);
  const prices = new PriceRecorder();
  const observer = observeFeed(opts, configs, prices);
  const columns = await materialise(observer);
  if (typeof columns === 'string') return columns;
  const data = shareColumns('backtest', columns);
  const outputs = await Promise.all(contiguousGroups(configs, used).map((group) => runInWorker({ data, configs: group })));
  const merged = mergeShards(outputs);
  const basis = portfolioBasis(configs, opts.feed.series);
  const portfolio = newPortfolioCurve(merged.strategies.map((s) => s.id), configs, 0, basis);
  replayPortfolio(merged.curves.map((c) => c!), Float64Array.from(configs, (c) => c.capital), merged.sampleTimes, portfolio);
  const recordEquity = opts.recordEquity !== false;
  return assembleResult({ merged, portfolio, basis, recordEquity, idle: 0, prices, benchmark: opts.benchmark ?? null, oms: null, data: observer.summary(), parallel: { requested, used, reason: null } });
}
