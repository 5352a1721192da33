import { BacktestClock } from '../../engine/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { OrderManagementSystem } from '../../engine/portfolio/oms.ts';
import { assembleResult, newPortfolioCurve, portfolioBasis } from './assemble-result.ts';
import { PriceRecorder } from './price-recorder.ts';
import type { PortfolioCurve } from './portfolio-curve.ts';
import { recordShard } from './shard-collector.ts';
import { mergeShards } from './shard-merge.ts';
import { observeFeed, runSharded, shardPlan } from './sharded-run.ts';
import { portfolioSetup } from './portfolio-run.ts';
import { checkDetailData } from './detail-data.ts';

export type { BacktestOptions, BacktestResult, EquitySeries, ParallelRun, StrategyResult } from './backtest-result.ts';
import type { BacktestOptions, BacktestResult, ParallelRun } from './backtest-result.ts';

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
