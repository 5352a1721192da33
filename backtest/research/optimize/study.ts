/**
 * One optimisation run end to end, on any executor: the trials over the whole range, or with walk-forward one
 * optimisation per training window whose recommendation is then tested on the window after it.
 */
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { annualisationOf } from '../../../engine/markets/annualisation.ts';
import type { ConfigRunResult } from '../../run/config-run.ts';
import type { Performance } from '../../run/metric-select.ts';
import { applyParams } from '../sweep/param-grid.ts';
import { walkForwardDecay, type Decay } from '../suggest/walkforward-decay.ts';
import type { WindowPlan } from '../walkforward/walkforward.ts';
import { analyse, type OptimizeAnalysis } from './analysis.ts';
import type { TrialExecutor } from './executor.ts';
import { judge } from './objectives.ts';
import { optimize, type OptimizeSettings, type Trial } from './optimizer.ts';

export interface StudyWindow {
  window: number;
  plan: WindowPlan | null;
  trials: Trial[];
  analysis: OptimizeAnalysis;
  /** Walk-forward: the recommended parameters replayed on the test window. */
  test: { performance: Performance; objectives: (number | null)[]; feasible: boolean } | null;
}

export interface StudyResult {
  windows: StudyWindow[];
  decay: Decay | null;
  /** The analysis the recommendation comes from (the only window, or the last walk-forward window with its decay). */
  analysis: OptimizeAnalysis;
}

export interface StudyContext {
  base: StrategyConfig;
  /** Close times of the first and last candle of the whole range (checkpoint placement). */
  span: { start: number; end: number };
  from?: number;
  to?: number;
  windows?: WindowPlan[];
  /** Replays one config with a test window (walk-forward). */
  test?: (config: StrategyConfig, plan: WindowPlan) => Promise<ConfigRunResult>;
  onProgress?: (done: number, total: number) => void;
}

export async function runStudy(s: OptimizeSettings, executor: TrialExecutor, ctx: StudyContext): Promise<StudyResult> {
  if (!ctx.windows) {
    const trials = await optimize(s, executor, { window: 0, range: { from: ctx.from, to: ctx.to, ...ctx.span }, onBatch: ctx.onProgress });
    const analysis = analyse({ dims: s.dims, objectives: s.objectives, trials, periodsPerYear: annualisationOf(ctx.base).periodsPerYear });
    return { windows: [{ window: 0, plan: null, trials, analysis, test: null }], decay: null, analysis };
  }
  const windows: StudyWindow[] = [];
  const total = ctx.windows.length * s.trials;
  for (const plan of ctx.windows) {
    const trials = await optimize(s, executor, {
      window: plan.index,
      range: { from: plan.trainFrom, to: plan.trainTo, start: plan.trainFrom, end: plan.trainTo },
      onBatch: (n) => ctx.onProgress?.(plan.index * s.trials + n, total),
    });
    const analysis = analyse({ dims: s.dims, objectives: s.objectives, trials, periodsPerYear: annualisationOf(ctx.base).periodsPerYear });
    let test: StudyWindow['test'] = null;
    const rec = analysis.recommended;
    if (rec && ctx.test) {
      const applied = applyParams(ctx.base, s.dims.map((d) => ({ path: d.path, values: [] })), s.dims.map((d) => rec.params[d.path]));
      if (applied.ok) {
        const r = await ctx.test(applied.config, plan);
        const performance = r.window!.performance;
        const j = judge(s.objectives, s.constraints, performance);
        test = { performance, objectives: j.values, feasible: j.feasible };
      }
    }
    windows.push({ window: plan.index, plan, trials, analysis, test });
  }
  const higher = s.objectives[0].direction === 'maximize';
  const decay = walkForwardDecay(
    windows.map((w) => ({ index: w.window, inSample: w.analysis.recommended?.objectives[0] ?? null, outOfSample: w.test?.objectives[0] ?? null, combination: null })),
    higher,
  );
  const last = windows[windows.length - 1];
  const analysis = analyse({ dims: s.dims, objectives: s.objectives, trials: last.trials, periodsPerYear: annualisationOf(ctx.base).periodsPerYear, decayEfficiency: decay.efficiency });
  return { windows, decay, analysis };
}
