import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { MetricsTracker } from '../../../engine/metrics/tracker.ts';
import { annualisationInfo } from '../../../engine/metrics/snapshot.ts';
import { annualisationOf } from '../../../engine/markets/annualisation.ts';
import { bucketStart, timeframeMs } from '../../../engine/timeframe.ts';
import type { AnnualisationInfo, Trade } from '../../../engine/types.ts';
import type { WindowCurve } from '../../run/config-run.ts';
import { GrowableFloat64 } from '../../run/growable.ts';
import { trackerPerformance, type Performance, type RankMetric } from '../../run/metric-select.ts';
import { gridSize, type ParamSpec, type ParamValue } from '../sweep/param-grid.ts';
import type { RunPool } from '../pool/run-pool.ts';
import type { SharedData } from '../../run/shared-columns.ts';
import { bestRow, rowConfig, runSweep, type SweepResult } from '../sweep/sweep.ts';

/** One window: optimise on [trainFrom, trainTo), test the winner on [testFrom, testTo) (open times). */
export interface WindowPlan {
  index: number;
  trainFrom: number;
  trainTo: number;
  testFrom: number;
  testTo: number;
  /** The last window's test part may be shorter than --test (the data ended). */
  partial: boolean;
}

/**
 * Rolling windows over [from, to): the first training window starts at `from` aligned up to the strategy's
 * timeframe, each window moves on by `step` (default: the test length, so test windows tile the data
 * without overlap), and the last test window is cut at the end of the data.
 */
export function planWindows(from: number, to: number, train: number, test: number, timeframe: string, step = test): WindowPlan[] {
  const tf = timeframeMs(timeframe);
  const start = bucketStart(from, timeframe) === from ? from : bucketStart(from, timeframe) + tf;
  const windows: WindowPlan[] = [];
  for (let k = 0; ; k++) {
    const trainFrom = start + k * step;
    const testFrom = trainFrom + train;
    if (testFrom + tf > to) break;
    const testTo = Math.min(testFrom + test, to);
    windows.push({ index: k, trainFrom, trainTo: testFrom, testFrom, testTo, partial: testTo < testFrom + test });
  }
  return windows;
}

export interface WalkForwardOptions {
  base: StrategyConfig;
  params: readonly ParamSpec[];
  data: SharedData;
  pool: RunPool;
  metric: RankMetric;
  windows: readonly WindowPlan[];
  onProgress?: (done: number, total: number) => void;
}

export interface WindowOutcome {
  plan: WindowPlan;
  /** Every combination on the training window, ranked. */
  train: SweepResult;
  /** The chosen combination, its values and training score; null when no combination could run. */
  chosen: { combination: number; values: ParamValue[]; score: number | null; by: 'metric' | 'fallback' } | null;
  /** Out-of-sample performance of the chosen config on the test window. */
  test: Performance | null;
  testTrades: Trade[];
  testCurve: WindowCurve;
}

export interface WalkForwardResult {
  metric: RankMetric;
  params: readonly ParamSpec[];
  windows: WindowOutcome[];
  /** Test windows stitched: each window's per-bar returns compounded in order, from the base capital. */
  oos: { performance: Performance; annualisation: AnnualisationInfo; time: Float64Array; equity: Float64Array; drawdown: Float64Array; window: Float64Array };
}

/**
 * Optimises on each training window (the sweep machinery, all windows' grids queued on the pool at once)
 * and tests each window's winner on the window after it. A test replay starts at the training window's
 * start so indicators are warm, may open positions only from the test window on, closes what is open at the
 * window's end (end_of_data, fees charged), and counts only the test window's bars.
 */
export async function runWalkForward(opts: WalkForwardOptions): Promise<WalkForwardResult> {
  const combos = gridSize(opts.params);
  const total = opts.windows.length * (combos + 1);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const outcomes = await Promise.all(
    opts.windows.map(async (plan): Promise<WindowOutcome> => {
      const train = await runSweep({ base: opts.base, params: opts.params, data: opts.data, pool: opts.pool, metric: opts.metric, from: plan.trainFrom, to: plan.trainTo, onProgress: tick });
      const best = bestRow(train);
      const config = best && rowConfig(opts.base, opts.params, best);
      if (!best || !config) {
        tick();
        return { plan, train, chosen: null, test: null, testTrades: [], testCurve: { time: new Float64Array(0), equity: new Float64Array(0), inPosition: new Uint8Array(0) } };
      }
      const r = await opts.pool.run({ data: opts.data, config, from: plan.trainFrom, to: plan.testTo, window: { start: plan.testFrom, closeAtEnd: true } });
      tick();
      const w = r.window!;
      return {
        plan,
        train,
        chosen: { combination: best.combination, values: best.values, score: best.score, by: best.rank === 1 ? 'metric' : 'fallback' },
        test: w.performance,
        testTrades: w.trades,
        testCurve: w.curve,
      };
    }),
  );
  return { metric: opts.metric, params: opts.params, windows: outcomes, oos: stitch(opts.base, outcomes) };
}

/** Compounds the windows' per-bar returns into one out-of-sample equity curve and measures it. */
function stitch(base: StrategyConfig, outcomes: readonly WindowOutcome[]): WalkForwardResult['oos'] {
  const capital = base.capital;
  const annual = annualisationOf(base);
  const tracker = new MetricsTracker(capital, annual.periodsPerYear, annual.basis);
  const step = timeframeMs(base.timeframe);
  const time = new GrowableFloat64();
  const equity = new GrowableFloat64();
  const drawdown = new GrowableFloat64();
  const window = new GrowableFloat64();
  let e = capital;
  let realized = 0;
  let fees = 0;
  for (const o of outcomes) {
    const c = o.testCurve;
    let prev = capital;
    for (let i = 0; i < c.time.length; i++) {
      e *= c.equity[i] / prev;
      prev = c.equity[i];
      tracker.onBar(e, c.inPosition[i] === 1, c.time[i] - step, c.time[i]);
      time.push(c.time[i]);
      equity.push(e);
      drawdown.push(tracker.drawdown);
      window.push(o.plan.index);
    }
    for (const t of o.testTrades) {
      tracker.onTrade(t);
      realized += t.pnl;
      fees += t.fees;
    }
  }
  return { performance: trackerPerformance(tracker, realized, fees), annualisation: annualisationInfo(tracker), time: time.view(), equity: equity.view(), drawdown: drawdown.view(), window: window.view() };
}
