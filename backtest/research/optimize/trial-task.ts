/**
 * A batch of optimisation trials as a worker runs it (a pool thread, or a queue worker's thread): each trial's
 * config is built and validated where it runs, as sweep combinations are, and every failure is a result row.
 */
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import type { StrategyFactory } from '../../../engine/strategy/strategy.ts';
import type { StrategyMetrics } from '../../../engine/types.ts';
import { applyParams, type ParamValue } from '../sweep/param-grid.ts';
import type { SharedData } from '../../run/shared-columns.ts';
import { runTrial, type PruneRules, type ReturnMoments } from './trial-run.ts';

export interface TrialTask {
  kind: 'trials';
  data: SharedData;
  base: StrategyConfig;
  paths: string[];
  trials: { key: string; trial: number; values: ParamValue[] }[];
  from?: number;
  to?: number;
  prune: PruneRules;
}

export interface TrialOutcome {
  /** Identity of the trial in its run (`<window>:<trial>`). */
  key: string;
  trial: number;
  status: 'ok' | 'errored' | 'pruned' | 'invalid';
  reason: string | null;
  metrics: StrategyMetrics | null;
  checkpoints: (number | null)[];
  moments: ReturnMoments | null;
  /** Wall time of the replay, ms: measured, so never part of a determinism comparison. */
  wallMs: number;
}

export interface TrialTaskResult {
  outcomes: TrialOutcome[];
}

/** What the worker provides: its cached column views and strategy modules. */
export interface TrialWorkerContext {
  inputs: readonly ColumnarSeries[];
  modulesFor(config: StrategyConfig): Promise<Map<string, StrategyFactory>>;
}

/** Runs a batch in order; nothing in it rejects. */
export async function runTrialBatch(task: TrialTask, ctx: TrialWorkerContext): Promise<TrialTaskResult> {
  const specs = task.paths.map((path) => ({ path, values: [] }));
  const outcomes: TrialOutcome[] = [];
  for (const t of task.trials) {
    const t0 = performance.now();
    const applied = applyParams(task.base, specs, t.values);
    if (!applied.ok) {
      outcomes.push({ key: t.key, trial: t.trial, status: 'invalid', reason: applied.reason, metrics: null, checkpoints: [], moments: null, wallMs: 0 });
      continue;
    }
    try {
      const r = await runTrial({ config: applied.config, inputs: ctx.inputs, modules: await ctx.modulesFor(applied.config), from: task.from, to: task.to, prune: task.prune });
      outcomes.push({ key: t.key, trial: t.trial, status: r.status, reason: r.reason, metrics: r.metrics, checkpoints: r.checkpoints, moments: r.moments, wallMs: performance.now() - t0 });
    } catch (err) {
      outcomes.push({ key: t.key, trial: t.trial, status: 'errored', reason: (err as Error).message, metrics: null, checkpoints: [], moments: null, wallMs: performance.now() - t0 });
    }
  }
  return { outcomes };
}
