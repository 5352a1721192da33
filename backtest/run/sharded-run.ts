import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { calendarsBySymbol } from '../../engine/markets/symbol-markets.ts';
import { assembleResult, newPortfolioCurve, portfolioBasis } from './assemble-result.ts';
import { PriceRecorder } from './price-recorder.ts';
import { checkDetailData } from './detail-data.ts';
import { observeEvents, type FeedObserver } from './feed-observer.ts';
import type { BacktestOptions, BacktestResult, ParallelRun } from './backtest-result.ts';
import type { ShardOutput } from './shard-collector.ts';
import { mergeShards, replayPortfolio } from './shard-merge.ts';
import { SharedCandleWriter, type SharedCandles } from './shared-feed.ts';
import type { ShardTask } from './shard-worker.ts';

const WORKER_ENTRY = new URL('./shard-worker.mjs', import.meta.url);

/** The feed wrapped to fingerprint the data, report gaps and record its candles (benchmarks, display prices). */
export function observeFeed(opts: BacktestOptions, configs: readonly StrategyConfig[], prices: PriceRecorder): FeedObserver {
  return observeEvents(opts.feed, {
    onProgress: opts.onProgress,
    calendarOf: calendarsBySymbol(configs),
    onCandle: (c) => prices.onCandle(c),
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
 * Reads the feed once on this thread (fingerprint, gaps, prices) into shared candle columns. Returns a reason
 * instead when the feed carries anything but closed candles of its series (funding or status events), since
 * the workers replay candles only.
 */
async function materialise(observer: FeedObserver): Promise<SharedCandles | string> {
  const writer = new SharedCandleWriter(observer.series);
  for await (const e of observer) {
    if (e.kind !== 'candle' || !e.closed) return 'the feed carries funding, status or in-progress events, so the strategies run on one thread';
    if (!writer.push(e.candle)) return `the feed delivers ${e.candle.symbol} ${e.candle.timeframe} candles outside its series, so the strategies run on one thread`;
  }
  return writer.share();
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
  const data = await materialise(observer);
  if (typeof data === 'string') return data;
  const outputs = await Promise.all(contiguousGroups(configs, used).map((group) => runInWorker({ data, configs: group })));
  const merged = mergeShards(outputs);
  const basis = portfolioBasis(configs, opts.feed.series);
  const portfolio = newPortfolioCurve(merged.strategies.map((s) => s.id), configs, 0, basis);
  replayPortfolio(merged.curves.map((c) => c!), Float64Array.from(configs, (c) => c.capital), merged.sampleTimes, portfolio);
  const recordEquity = opts.recordEquity !== false;
  return assembleResult({ merged, portfolio, basis, recordEquity, idle: 0, prices, benchmark: opts.benchmark ?? null, oms: null, data: observer.summary(), parallel: { requested, used, reason: null } });
}
