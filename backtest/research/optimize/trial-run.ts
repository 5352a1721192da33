/**
 * One optimisation trial, run where the data is (a worker thread or a queue worker): the base config with the
 * trial's values, replayed like a sweep combination, watched bar by bar for early stopping. A trial is stopped
 * (pruned) when its drawdown passes the bound, or when its return at a checkpoint is below the threshold the
 * coordinator derived from trials that finished earlier in trial order. It also accumulates the moments of
 * its bar-by-bar returns, for the deflated Sharpe ratio of whichever trial is recommended.
 */
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import { ColumnarFeed } from '../../../data/historical-feed.ts';
import { BacktestClock } from '../../../engine/clock.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { configSymbols } from '../../../engine/config/series.ts';
import { Engine } from '../../../engine/engine.ts';
import { StrategyManager } from '../../../engine/manager.ts';
import type { StrategyFactory } from '../../../engine/strategy/strategy.ts';
import type { StrategyMetrics } from '../../../engine/types.ts';

/** Early-stopping rules sent with a batch (all fixed before the batch starts). */
export interface PruneRules {
  /** Open times of the checkpoints (bars whose close reaches one record the return there). */
  checkpointTimes: number[];
  /** Per checkpoint, the return below which a trial is stopped; null = no comparison yet. */
  thresholds: (number | null)[];
  /** Stop a trial once its drawdown (a fraction) exceeds this. */
  maxDrawdown: number | null;
}

/** Sums of powers of the bar returns: enough for mean, variance, skewness and kurtosis. */
export interface ReturnMoments {
  n: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
}

export interface TrialRun {
  status: 'ok' | 'errored' | 'pruned';
  reason: string | null;
  metrics: StrategyMetrics;
  /** Return since the start at each checkpoint reached (null where not reached). */
  checkpoints: (number | null)[];
  moments: ReturnMoments;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export async function runTrial(opts: { config: StrategyConfig; inputs: readonly ColumnarSeries[]; modules: ReadonlyMap<string, StrategyFactory>; from?: number; to?: number; prune: PruneRules }): Promise<TrialRun> {
  const { config, prune } = opts;
  const symbols = configSymbols(config);
  const inputs = opts.inputs.filter((s) => symbols.includes(s.series.symbol));
  const manager = new StrategyManager({ modules: opts.modules });
  const feed = new ColumnarFeed(inputs, { from: opts.from, to: opts.to });
  manager.setSourceSeries(feed.series);
  const id = manager.startStrategy(config);
  const instance = manager.getInstance(id);
  const engine = new Engine(manager, new BacktestClock());
  const checkpoints: (number | null)[] = prune.checkpointTimes.map(() => null);
  const moments: ReturnMoments = { n: 0, s1: 0, s2: 0, s3: 0, s4: 0 };
  let next = 0;
  let previous = config.capital;
  let pruned: string | null = null;
  manager.events.on('equity', (e) => {
    if (pruned !== null) return;
    const r = e.equity / previous - 1;
    previous = e.equity;
    moments.n++;
    moments.s1 += r;
    moments.s2 += r * r;
    moments.s3 += r * r * r;
    moments.s4 += r * r * r * r;
    while (next < prune.checkpointTimes.length && e.time >= prune.checkpointTimes[next]) {
      const ret = e.equity / config.capital - 1;
      checkpoints[next] = ret;
      const t = prune.thresholds[next];
      if (t !== null && ret < t) {
        pruned = `return ${pct(ret)} at checkpoint ${next + 1} of ${prune.checkpointTimes.length}, below the threshold ${pct(t)} from earlier trials`;
        engine.stop();
        return;
      }
      next++;
    }
    if (prune.maxDrawdown !== null && e.drawdown > prune.maxDrawdown) {
      pruned = `drawdown ${pct(e.drawdown)} passed the bound ${pct(prune.maxDrawdown)}`;
      engine.stop();
    }
  });
  await engine.run(feed);
  const metrics = manager.getMetrics(id);
  if (pruned !== null) return { status: 'pruned', reason: pruned, metrics, checkpoints, moments };
  const errored = instance.status === 'errored';
  return { status: errored ? 'errored' : 'ok', reason: errored ? instance.errorMessage : null, metrics, checkpoints, moments };
}
