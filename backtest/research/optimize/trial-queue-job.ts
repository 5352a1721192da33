/**
 * Optimisation trials as jobs on the distributed queue (the queue sweeps use, job name "trials"): a job carries
 * a few trials' values, the base config, the early-stopping rules and a reference to the data; the worker
 * stores one outcome per trial under the trial's key in the run's rows hash, so a retried job overwrites.
 */
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import * as z from 'zod';
import { safeParseStrategyConfig } from '../../../engine/config/parse.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { DataHashMismatchError, DataOutsideRootError, DataRefSchema, type DataRef } from '../distributed/data-ref.ts';
import { encodeRow, runKeys, STATE_TTL_SECONDS, type StoredRow } from '../distributed/job.ts';
import type { RunPool } from '../pool/run-pool.ts';
import type { SharedData } from '../../run/shared-columns.ts';
import type { PruneRules } from './trial-run.ts';
import type { TrialOutcome } from './trial-task.ts';

export const TRIAL_JOB_NAME = 'trials';

export interface TrialJobData {
  v: 1;
  runId: string;
  window: number;
  batch: number;
  trials: { key: string; trial: number; values: (number | string | boolean)[] }[];
  base: StrategyConfig;
  paths: string[];
  from?: number;
  to?: number;
  prune: PruneRules;
  data: DataRef;
}

const TrialJobSchema = z.strictObject({
  v: z.literal(1),
  runId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  window: z.number().int().min(0),
  batch: z.number().int().min(0),
  trials: z.array(z.strictObject({ key: z.string().max(40), trial: z.number().int().min(0), values: z.array(z.union([z.number(), z.string(), z.boolean()])).max(64) })).min(1).max(10_000),
  base: z.unknown(),
  paths: z.array(z.string().min(1).max(500)).min(1).max(64),
  from: z.number().finite().optional(),
  to: z.number().finite().optional(),
  prune: z.strictObject({ checkpointTimes: z.array(z.number().finite()).max(100), thresholds: z.array(z.number().finite().nullable()).max(100), maxDrawdown: z.number().finite().nullable() }),
  data: DataRefSchema,
});

/** Checks a trial job's payload like a sweep job's: the envelope, then the base config by the config schema. */
export function validateTrialJob(raw: unknown, allowModules: boolean): TrialJobData {
  const env = TrialJobSchema.safeParse(raw);
  if (!env.success) throw new Error(`malformed trial job: ${env.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const cfg = safeParseStrategyConfig(env.data.base);
  if (!cfg.ok) throw new Error(`malformed trial job: invalid base config: ${cfg.problems.map((p) => `base.${p.path || '(root)'}: ${p.message}`).join('; ')}`);
  if (cfg.config.module && !allowModules) throw new Error(`job config uses a strategy module (${cfg.config.module}); this worker runs rule configs only (start it with --allow-modules)`);
  if (env.data.trials.some((t) => t.values.length !== env.data.paths.length)) throw new Error('malformed trial job: a trial has not one value per parameter path');
  return { ...env.data, base: cfg.config } as TrialJobData;
}

/** The stored form of an outcome (the queue's tagged JSON keeps -0, NaN and ±Infinity). */
export const encodeOutcome = (o: TrialOutcome, worker: string) => encodeRow({ ...o, worker } as unknown as StoredRow);

export interface TrialWorkerDeps {
  state: Redis;
  pool: RunPool;
  queue: string;
  id: string;
  allowModules: boolean;
  dataFor(ref: DataRef, base: StrategyConfig): Promise<SharedData>;
  storeScript: string;
  log(line: string): void;
}

/** Runs a trial job on the worker's pool and stores its outcomes (only while the run is active). */
export async function processTrialJob(jobId: string, raw: unknown, deps: TrialWorkerDeps): Promise<{ stored: number; worker: string; skipped?: string }> {
  let job: TrialJobData;
  try {
    job = validateTrialJob(raw, deps.allowModules);
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
  const keys = runKeys(deps.queue, job.runId);
  if (!(await deps.state.exists(keys.spec))) return { stored: 0, worker: deps.id, skipped: 'the run is finished or cancelled' };
  let data: SharedData;
  try {
    data = await deps.dataFor(job.data, job.base);
  } catch (err) {
    if (err instanceof DataHashMismatchError || err instanceof DataOutsideRootError) throw new UnrecoverableError(err.message);
    throw err;
  }
  const r = await deps.pool.runTrials({ kind: 'trials', data, base: job.base, paths: job.paths, trials: job.trials, from: job.from, to: job.to, prune: job.prune });
  const args: (string | number)[] = [STATE_TTL_SECONDS];
  for (const o of r.outcomes) args.push(o.key, encodeOutcome(o, deps.id));
  const stored = (await deps.state.eval(deps.storeScript, 3, keys.spec, keys.rows, keys.done, ...args)) as number;
  deps.log(`job ${jobId} done: ${r.outcomes.length} trial(s) of run ${job.runId}${stored ? '' : ' (run no longer active; results dropped)'}`);
  return { stored: stored ? r.outcomes.length : 0, worker: deps.id };
}
