import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import type { OrderGate } from '../../engine/execution/order-gate.ts';
import type { Feed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { calendarsBySymbol } from '../../engine/markets/symbol-markets.ts';
import { MetricsTracker } from '../../engine/metrics/tracker.ts';
import { portfolioAnalytics, type PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import type { BlockedOrder, OrderManagementSystem } from '../../engine/portfolio/oms.ts';
import { EquitySampler } from '../../engine/portfolio/sampler.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { annualisationOf } from '../../engine/markets/annualisation.ts';
import { atEndOfData, type Fill, type Signal, type StrategyMetrics, type Trade } from '../../engine/types.ts';
import { PriceRecorder, runBenchmarks, type PriceSeries, type StrategyBenchmarks } from './benchmarks.ts';
import { FeedObserver, type DataSummary } from './feed-observer.ts';
import { GrowableFloat64 } from './growable.ts';
import { portfolioMetrics, type PortfolioMetrics } from './portfolio-totals.ts';
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
  /** Every closed trade, every signal and every fill, in engine order. */
  trades: Trade[];
  signals: Signal[];
  fills: Fill[];
  portfolio: PortfolioMetrics;
  /** Attribution per day/week/month, correlation matrix and rolling correlation, volatility (metrics.json `portfolio.analytics`). */
  portfolioAnalytics: PortfolioAnalytics;
  /** Every order the risk layer refused or the order model rejected, with the limit or reason (orderBlocked and rejected events, in engine order). */
  blocked: { time: number; strategyId: string; orderId: string; limit: string; detail: string }[];
  /** Orders blocked by portfolio limits, as the OMS recorded them (empty without a portfolio). */
  portfolioBlocked: BlockedOrder[];
  /** Sum of all strategies' equity at each event time (each strategy has its own capital). */
  portfolioEquity: EquitySeries;
  /** The portfolio against the buy-and-hold basket of the traded symbols and the named benchmark. */
  portfolioBenchmarks: StrategyBenchmarks | null;
  data: DataSummary;
}

/**
 * Runs strategies over one shared feed in memory and collects everything a run produces. No files, no
 * wall clock: the library entry point for the CLI, sweeps, notebooks and tests.
 */
export async function runBacktest(opts: BacktestOptions): Promise<BacktestResult> {
  const setup = opts.portfolio ? portfolioSetup(opts.configs, opts.portfolio) : null;
  if (setup && opts.gate) throw new Error('runBacktest: give either a gate or a portfolio, not both');
  const oms: OrderManagementSystem | null = setup?.oms ?? null;
  const configs = setup?.configs ?? opts.configs;
  checkDetailData(configs, opts.feed.series);
  const manager = new StrategyManager({ modules: opts.modules, gate: oms ?? opts.gate });
  const trades: Trade[] = [];
  const signals: Signal[] = [];
  const fills: Fill[] = [];
  const ev = manager.events;
  ev.on('trade', (t) => trades.push(t));
  ev.on('signal', (s) => signals.push(s));
  ev.on('fill', (f) => fills.push(f));
  const blocked: BacktestResult['blocked'] = [];
  ev.on('orderBlocked', (b) => blocked.push({ time: b.time, strategyId: b.strategyId, orderId: b.order.id, limit: b.limit, detail: b.detail }));
  ev.on('rejected', (r) => blocked.push({ time: r.time, strategyId: r.strategyId, orderId: r.order.id, limit: r.reason, detail: r.detail }));

  const ids = configs.map((c) => manager.startStrategy(c));
  setup?.afterStart(ids);
  const index = new Map(ids.map((id, i) => [id, i]));
  const record = opts.recordEquity !== false;
  const curves = ids.map(() => ({ time: new GrowableFloat64(), equity: new GrowableFloat64(), drawdown: new GrowableFloat64() }));
  const latest = Float64Array.from(configs, (c) => c.capital);
  const idle = setup?.idleCash ?? 0;
  let total = latest.reduce((a, b) => a + b, idle);
  const sampler = new EquitySampler(ids, latest, idle);
  const initialTotal = total;
  ev.on('equity', (e) => {
    const i = index.get(e.strategyId)!;
    total += e.equity - latest[i];
    latest[i] = e.equity;
    if (record) {
      const c = curves[i];
      c.time.push(e.time);
      c.equity.push(e.equity);
      c.drawdown.push(e.drawdown);
    }
  });

  // The portfolio is sampled at every event time, so it is annualised like its most frequent strategy.
  const finest = (configs.length > 0 ? configs : [{ timeframe: opts.feed.series[0]?.timeframe ?? '1d' }]).map(annualisationOf).reduce((a, b) => (b.periodsPerYear > a.periodsPerYear ? b : a));
  const finestStep = Math.min(...opts.feed.series.map((s) => timeframeMs(s.timeframe)), 86_400_000);
  const portfolioTracker = new MetricsTracker(initialTotal, finest.periodsPerYear, finest.basis);
  const prices = new PriceRecorder();
  const pTime = new GrowableFloat64();
  const pEquity = new GrowableFloat64();
  const pDrawdown = new GrowableFloat64();
  const observer = new FeedObserver(opts.feed, {
    onProgress: opts.onProgress,
    calendarOf: calendarsBySymbol(configs),
    onCandle: (symbol, openTime, closeTime, open, close) => prices.onCandle(symbol, openTime, closeTime, open, close),
  });
  // Sampled when a bar group has been delivered (not when the feed moves on), so a group the barrier held
  // back for a late series is in the sample of its own time.
  let sampled = Number.NaN;
  manager.onGroupDone = (t) => {
    if (t === sampled) return;
    sampled = t;
    sampler.onTime(t, latest);
    portfolioTracker.onBar(total, false, portfolioTracker.bars === 0 ? t - finestStep : t, t);
    pTime.push(t);
    pEquity.push(total);
    pDrawdown.push(portfolioTracker.drawdown);
  };

  await new Engine(manager, new BacktestClock()).run(observer);
  oms?.finish();
  const analytics = portfolioAnalytics(sampler.finish());

  const byStrategy = new Map<string, Trade[]>(ids.map((id) => [id, []]));
  for (const t of trades) byStrategy.get(t.strategyId)!.push(t);
  const strategies = ids.map((id, i): StrategyResult => {
    const metrics = atEndOfData(manager.getMetrics(id));
    const c = curves[i];
    const instance = manager.getInstance(id);
    return {
      id,
      name: metrics.name,
      config: instance.config,
      metrics,
      finalEquity: metrics.performance.equity,
      trades: byStrategy.get(id)!,
      equity: record ? { time: c.time.view(), equity: c.equity.view(), drawdown: c.drawdown.view() } : null,
      benchmarks: null,
      ...(instance.config.execution.detail === undefined ? {} : { detailFills: instance.detailFills }),
    };
  });
  const portfolioEquity = { time: pTime.view(), equity: pEquity.view(), drawdown: pDrawdown.view() };
  const benchmarks = runBenchmarks(
    strategies.map((s) => ({ ...s, periodsPerYear: annualisationOf(s.config).periodsPerYear })),
    { curve: portfolioEquity, capital: initialTotal, idle, step: finestStep, periodsPerYear: finest.periodsPerYear },
    prices,
    opts.benchmark ?? null,
  );
  strategies.forEach((s, i) => (s.benchmarks = benchmarks.strategies[i]));
  return {
    strategies,
    trades,
    signals,
    fills,
    portfolio: portfolioMetrics(portfolioTracker, strategies, analytics, oms?.report() ?? null),
    portfolioAnalytics: analytics,
    blocked,
    portfolioBlocked: oms ? [...oms.blocks] : [],
    portfolioEquity,
    portfolioBenchmarks: benchmarks.portfolio,
    data: observer.summary(),
  };
}
