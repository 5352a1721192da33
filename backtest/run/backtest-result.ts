import type { RecordedSeries } from './price-recorder.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { OrderGate } from '../../engine/execution/order-gate.ts';
import type { Feed } from '../../engine/feed.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { PriceSeries } from './benchmarks.ts';
import type { PortfolioSpec } from './portfolio-run.ts';
import type { PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import type { BlockedOrder } from '../../engine/portfolio/oms.ts';
import type { Fill, Signal, StrategyMetrics, Trade } from '../../engine/types.ts';
import type { StrategyBenchmarks } from './benchmarks.ts';
import type { DataSummary } from './feed-observer.ts';
import type { PortfolioMetrics } from './portfolio-totals.ts';
import type { BlockedRecord } from './shard-collector.ts';

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
  /** Every closed candle the run consumed, per series in feed order (the run folder's display prices come from them). */
  candles: RecordedSeries[];
  parallel: ParallelRun;
}
