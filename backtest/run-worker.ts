import { threadId } from 'node:worker_threads';
import type { ColumnarSeries } from '../data/historical-feed.ts';
import type { StrategyConfig } from '../engine/config/schema.ts';
import type { StrategyFactory } from '../engine/strategy/strategy.ts';
import { runConfig, type ConfigRunResult, type RunWindow } from './config-run.ts';
import { loadStrategyModules } from './load-configs.ts';
import { sharedInputs, type SharedData } from './shared-columns.ts';

/** One replay of one config: what sweeps and walk-forward send to a worker. */
export interface RunTask {
  data: SharedData;
  config: StrategyConfig;
  from?: number;
  to?: number;
  window?: RunWindow;
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

/** Runs a task; a strategy that throws comes back `errored`, a config that cannot start at all rejects. */
export default async function runTask(task: RunTask): Promise<RunTaskResult> {
  const inputs = inputsFor(task.data);
  const r = await runConfig({ config: task.config, inputs, modules: await modulesFor(task.config), from: task.from, to: task.to, window: task.window });
  return { ...r, worker: { threadId, dataBuilds } };
}
