import { threadId } from 'node:worker_threads';
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import type { StrategyFactory } from '../../../engine/strategy/strategy.ts';
import { runConfig, type ConfigRunResult, type RunWindow } from '../../run/config-run.ts';
import type { StrategyMetrics } from '../../../engine/types.ts';
import { loadStrategyModules } from '../../run/load-configs.ts';
import { applyParams, combinationValues, type ParamSpec } from '../sweep/param-grid.ts';
import { sharedInputs, type SharedData } from '../../run/shared-columns.ts';
import { runTrialBatch, type TrialTask, type TrialTaskResult } from '../optimize/trial-task.ts';

/** One replay of one config (walk-forward test windows, library callers). */
export interface RunTask {
  kind?: 'run';
  data: SharedData;
  config: StrategyConfig;
  from?: number;
  to?: number;
  window?: RunWindow;
}

/**
 * A batch of grid combinations, by index: the worker builds and validates each config itself (so that work is
 * spread over the workers too) and replays it. Batching keeps the main thread's share of a sweep small.
 */
export interface GridTask {
  kind: 'grid';
  data: SharedData;
  base: StrategyConfig;
  params: readonly ParamSpec[];
  combinations: readonly number[];
  from?: number;
  to?: number;
}

/** One combination's outcome: skipped (invalid config), errored (threw, or the strategy failed) or ok. */
export interface GridRowResult {
  combination: number;
  status: 'ok' | 'errored' | 'skipped';
  reason: string | null;
  metrics: StrategyMetrics | null;
}

export interface GridTaskResult {
  rows: GridRowResult[];
  worker: { threadId: number; dataBuilds: number };
}

// Per worker: column views over each shared data set (built once, then reused by every task) and the
// strategy modules it has imported.
const MAX_CACHED = 4;
const dataCache = new Map<string, ColumnarSeries[]>();
const moduleCache = new Map<string, StrategyFactory>();
let dataBuilds = 0;

/** A task's result, with which thread ran it and how often that thread has built data views so far. */
export interface RunTaskResult extends ConfigRunResult {
  worker: { threadId: number; dataBuilds: number };
}

function inputsFor(data: SharedData): ColumnarSeries[] {
  let inputs = dataCache.get(data.id);
  if (!inputs) {
    if (dataCache.size >= MAX_CACHED) dataCache.delete(dataCache.keys().next().value!);
    inputs = sharedInputs(data);
    dataCache.set(data.id, inputs);
    dataBuilds++;
  }
  return inputs;
}

async function modulesFor(config: StrategyConfig): Promise<Map<string, StrategyFactory>> {
  const out = new Map<string, StrategyFactory>();
  if (!config.module) return out;
  let f = moduleCache.get(config.module);
  if (!f) {
    f = (await loadStrategyModules([config])).get(config.module)!;
    moduleCache.set(config.module, f);
  }
  out.set(config.module, f);
  return out;
}

/** Runs one config; a strategy that throws comes back `errored`, a config that cannot start at all rejects. */
export async function runOne(task: RunTask): Promise<RunTaskResult> {
  const inputs = inputsFor(task.data);
  const r = await runConfig({ config: task.config, inputs, modules: await modulesFor(task.config), from: task.from, to: task.to, window: task.window });
  return { ...r, worker: { threadId, dataBuilds } };
}

/** Runs a batch of combinations, in order; nothing in it rejects (every failure is a row). */
export async function runGrid(task: GridTask): Promise<GridTaskResult> {
  const inputs = inputsFor(task.data);
  const rows: GridRowResult[] = [];
  for (const combination of task.combinations) {
    const applied = applyParams(task.base, task.params, combinationValues(task.params, combination));
    if (!applied.ok) {
      rows.push({ combination, status: 'skipped', reason: applied.reason, metrics: null });
      continue;
    }
    try {
      const r = await runConfig({ config: applied.config, inputs, modules: await modulesFor(applied.config), from: task.from, to: task.to });
      rows.push({ combination, status: r.status === 'errored' ? 'errored' : 'ok', reason: r.error, metrics: r.metrics });
    } catch (err) {
      rows.push({ combination, status: 'errored', reason: (err as Error).message, metrics: null });
    }
  }
  return { rows, worker: { threadId, dataBuilds } };
}

/** Runs a batch of optimisation trials (backtest/research/optimize/). */
export function runTrials(task: TrialTask): Promise<TrialTaskResult> {
  return runTrialBatch(task, { inputs: inputsFor(task.data), modulesFor });
}

/** The worker's entry: dispatches on the task kind. */
export default function runTask(task: RunTask | GridTask | TrialTask): Promise<RunTaskResult | GridTaskResult | TrialTaskResult> {
  return task.kind === 'grid' ? runGrid(task) : task.kind === 'trials' ? runTrials(task) : runOne(task);
}
