import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { annualisationOf, type Annualisation } from '../../engine/markets/annualisation.ts';
import type { OrderManagementSystem } from '../../engine/portfolio/oms.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { runBenchmarks, type PriceSeries } from './benchmarks.ts';
import type { PriceRecorder } from './price-recorder.ts';
import type { DataSummary } from './feed-observer.ts';
import { PortfolioCurve } from './portfolio-curve.ts';
import { portfolioMetrics } from './portfolio-totals.ts';
import type { MergedShards } from './shard-merge.ts';
import type { BacktestResult, ParallelRun, StrategyResult } from './backtest-result.ts';

/** How the portfolio curve is annualised and stepped: like its most frequent strategy, since it is sampled at every bar group. */
export interface PortfolioBasis {
  finest: Annualisation;
  finestStep: number;
}

export function portfolioBasis(configs: readonly StrategyConfig[], series: readonly SeriesKey[]): PortfolioBasis {
  const finest = (configs.length > 0 ? configs : [{ timeframe: series[0]?.timeframe ?? '1d' }]).map(annualisationOf).reduce((a, b) => (b.periodsPerYear > a.periodsPerYear ? b : a));
  const finestStep = Math.min(...series.map((s) => timeframeMs(s.timeframe)), 86_400_000);
  return { finest, finestStep };
}

export function newPortfolioCurve(ids: readonly string[], configs: readonly StrategyConfig[], idle: number, basis: PortfolioBasis): PortfolioCurve {
  return new PortfolioCurve(ids, Float64Array.from(configs, (c) => c.capital), idle, basis.finest.periodsPerYear, basis.finest.basis, basis.finestStep);
}

/** Everything a run produces, from the merged shard output, the portfolio samples and what the main thread saw of the feed. */
export function assembleResult(a: {
  merged: MergedShards;
  portfolio: PortfolioCurve;
  basis: PortfolioBasis;
  recordEquity: boolean;
  idle: number;
  prices: PriceRecorder;
  benchmark: PriceSeries | null;
  oms: OrderManagementSystem | null;
  data: DataSummary;
  parallel: ParallelRun;
}): BacktestResult {
  const { merged } = a;
  const byStrategy = new Map(merged.strategies.map((s) => [s.id, [] as StrategyResult['trades']]));
  for (const t of merged.trades) byStrategy.get(t.strategyId)!.push(t);
  const strategies = merged.strategies.map((s, i): StrategyResult => {
    const c = merged.curves[i];
    return {
      id: s.id,
      name: s.name,
      config: s.config,
      metrics: s.metrics,
      finalEquity: s.metrics.performance.equity,
      trades: byStrategy.get(s.id)!,
      equity: a.recordEquity && c ? { time: c.time, equity: c.equity, drawdown: c.drawdown } : null,
      benchmarks: null,
      ...(s.detailFills === undefined ? {} : { detailFills: s.detailFills }),
    };
  });
  const { analytics, curve } = a.portfolio.finish();
  const benchmarks = runBenchmarks(
    strategies.map((s) => ({ ...s, periodsPerYear: annualisationOf(s.config).periodsPerYear })),
    { curve, capital: a.portfolio.initialTotal, idle: a.idle, step: a.basis.finestStep, periodsPerYear: a.basis.finest.periodsPerYear },
    a.prices,
    a.benchmark,
  );
  strategies.forEach((s, i) => (s.benchmarks = benchmarks.strategies[i]));
  return {
    strategies,
    trades: merged.trades,
    signals: merged.signals,
    fills: merged.fills,
    portfolio: portfolioMetrics(a.portfolio.tracker, strategies, analytics, a.oms?.report() ?? null),
    portfolioAnalytics: analytics,
    blocked: merged.blocked,
    portfolioBlocked: a.oms ? [...a.oms.blocks] : [],
    portfolioEquity: curve,
    portfolioBenchmarks: benchmarks.portfolio,
    data: a.data,
    candles: a.prices.recorded(),
    parallel: a.parallel,
  };
}
