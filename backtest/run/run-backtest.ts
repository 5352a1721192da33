import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import type { OrderGate } from '../../engine/execution/order-gate.ts';
import type { Feed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import type { BlockedOrder, OrderManagementSystem } from '../../engine/portfolio/oms.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Fill, Signal, StrategyMetrics, Trade } from '../../engine/types.ts';
import { assembleResult, newPortfolioCurve, portfolioBasis } from './assemble-result.ts';
import { PriceRecorder, type PriceSeries, type StrategyBenchmarks } from './benchmarks.ts';
import type { DataSummary } from './feed-observer.ts';
import type { PortfolioCurve } from './portfolio-curve.ts';
import type { PortfolioMetrics } from './portfolio-totals.ts';
import { recordShard, type BlockedRecord } from './shard-collector.ts';
import { mergeShards } from './shard-merge.ts';
import { observeFeed, runSharded, shardPlan } from './sharded-run.ts';
import { portfolioSetup, type PortfolioSpec } from './portfolio-run.ts';
import { checkDetailData } from './detail-data.ts';

export interface BacktestOptions {
  configs: readonly StrategyConfig[];
  feed: Feed;
  modules?: ReadonlyMap<string, StrategyFactory>;
  gate?: OrderGate;
  /**
   * Run the configs as one portfolio: shared capital split by the allocation (each config's capital is replaced by
   * its initial share), entries sized from weight × portfolio equity, portfolio limits, optional netting. All
   * orders then pass through one OrderManagementSystem (engine/portfolio/oms.ts). Not combinable with `gate`.
   */
  portfolio?: PortfolioSpec;
  /** Record bar-by-bar equity per strategy (equity.parquet, reports). Default true. */
  recordEquity?: boolean;
  /** Called every 8,192 candles and at the end. */
  onProgress?: (candles: number, time: number) => void;
  /** A series every strategy and the portfolio are also measured against (`--benchmark SPY`). */
  benchmark?: PriceSeries;
  /**
   * Worker threads to shard the strategies over (default 1: this thread). Each replays the candles from shared
   * memory; the result is identical to one thread. Portfolio mode, a gate and in-memory strategy modules run on
   * one thread, and `parallel.reason` says why.
   */
  workers?: number;
}

/** How many threads a run used, and why fewer than asked when so. */
export interface ParallelRun {
  requested: number;
  used: number;
  reason: string | null;
}

/** Bar-by-bar equity of one strategy, columnar. */
export interface EquitySeries {
  time: Float64Array;
  equity: Float64Array;
  drawdown: Float64Array;
}

export interface StrategyResult {
  id: string;
  name: string;
  config: StrategyConfig;
  metrics: StrategyMetrics;
  finalEquity: number;
  trades: Trade[];
  equity: EquitySeries | null;
  /** Against buy-and-hold of its symbol and the named benchmark (null without a recorded equity curve). */
  benchmarks: StrategyBenchmarks | null;
  /** With `execution.detail`: how many fills were resolved on the finer bars. */
  detailFills?: number;
}

export interface BacktestResult {
  strategies: StrategyResult[];
  /**
   * Every closed trade, every signal and every fill, in the canonical order: by bar group, then strategy
   * (config order), then the strategy's own order (backtest/REFERENCE.md, "Event order").
   */
  trades: Trade[];
  signals: Signal[];
  fills: Fill[];
  portfolio: PortfolioMetrics;
  /** Attribution per day/week/month, correlation matrix and rolling correlation, volatility (metrics.json `portfolio.analytics`). */
  portfolioAnalytics: PortfolioAnalytics;
  /** Every order the risk layer refused or the order model rejected, with the limit or reason (orderBlocked and rejected events, same order). */
  blocked: BlockedRecord[];
  /** Orders blocked by portfolio limits, as the OMS recorded them (empty without a portfolio). */
  portfolioBlocked: BlockedOrder[];
  /** Sum of all strategies' equity at each event time (each strategy has its own capital). */
  portfolioEquity: EquitySeries;
  /** The portfolio against the buy-and-hold basket of the traded symbols and the named benchmark. */
  portfolioBenchmarks: StrategyBenchmarks | null;
  data: DataSummary;
  parallel: ParallelRun;
}

/**
 * Runs strategies over one shared feed in memory and collects everything a run produces. No files, no
 * wall clock: the library entry point for the CLI, sweeps, notebooks and tests.
 */
export async function runBacktest(opts: BacktestOptions): Promise<BacktestResult> {
  const requested = opts.workers ?? 1;
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`workers must be a whole number >= 1, got ${requested}`);
  const plan = shardPlan(opts, requested);
  if (plan.used > 1) {
    const sharded = await runSharded(opts, plan.used, requested);
    if (typeof sharded !== 'string') return sharded;
    return runInProcess(opts, { requested, used: 1, reason: sharded });
  }
  return runInProcess(opts, plan);
}

/** Runs every strategy with one StrategyManager in this thread. */
async function runInProcess(opts: BacktestOptions, parallel: ParallelRun): Promise<BacktestResult> {
  const setup = opts.portfolio ? portfolioSetup(opts.configs, opts.portfolio) : null;
  if (setup && opts.gate) throw new Error('runBacktest: give either a gate or a portfolio, not both');
  const oms: OrderManagementSystem | null = setup?.oms ?? null;
  const configs = setup?.configs ?? opts.configs;
  checkDetailData(configs, opts.feed.series);
  const manager = new StrategyManager({ modules: opts.modules, gate: oms ?? opts.gate });
  const idle = setup?.idleCash ?? 0;
  const basis = portfolioBasis(configs, opts.feed.series);
  let portfolio: PortfolioCurve | null = null;
  const recordEquity = opts.recordEquity !== false;
  const recording = recordShard(manager, configs, {
    recordEquity,
    afterStart: (ids) => {
      setup?.afterStart(ids);
      portfolio = newPortfolioCurve(ids, configs, idle, basis);
    },
    onSample: (t, latest) => portfolio!.onSample(t, latest),
  });
  const prices = new PriceRecorder();
  const observer = observeFeed(opts, configs, prices);
  await new Engine(manager, new BacktestClock()).run(observer);
  oms?.finish();
  return assembleResult({ merged: mergeShards([recording.finish()]), portfolio: portfolio!, basis, recordEquity, idle, prices, benchmark: opts.benchmark ?? null, oms, data: observer.summary(), parallel });
}
