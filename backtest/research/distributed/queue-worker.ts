import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { safeParseStrategyConfig } from '../../../engine/config/parse.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { gridSize, ParamSpecError, type ParamSpec } from '../sweep/param-grid.ts';
import { createRunPool, type RunPool } from '../pool/run-pool.ts';
import type { GridTaskResult } from '../pool/run-worker.ts';
import { shareColumns, type SharedData } from '../../run/shared-columns.ts';
import { DataHashMismatchError, DataOutsideRootError, loadDataRef, verifiedPath, type DataRef } from './data-ref.ts';
import { DEFAULT_QUEUE, encodeRow, KEY_PREFIX, runKeys, STATE_TTL_SECONDS, SweepJobSchema, type StoredRow, type SweepJobData } from './job.ts';
import { redisConnection } from './redis-connection.ts';
import { processTrialJob, TRIAL_JOB_NAME } from '../optimize/trial-queue-job.ts';
import { maskRedisUrls, parseRedisUrl } from './redis-url.ts';

export interface SweepWorkerOptions {
  /** `redis://[:password@]host:port[/db]` (the password may come from STRATA_REDIS_PASSWORD instead). */
  url: string;
  queue?: string;
  /** Jobs run at once, each on its own worker thread (default 1). */
  concurrency?: number;
  /** Tag on every result row this worker stores (default host:pid). */
  id?: string;
  /** BullMQ lock on a running job, ms (renewed at half-time while the job runs; default 30,000). */
  lockDuration?: number;
  /** How often this worker looks for jobs whose worker died, ms (default 30,000). */
  stalledInterval?: number;
  /** How often a job may be recovered from a dead worker before it fails (default 3). */
  maxStalledCount?: number;
  /** Run configs naming a strategy `module` (imports code a job points to; off by default). */
  allowModules?: boolean;
  /** Read data files only inside these directories (default: wherever a job's reference points). */
  dataRoots?: string[];
  log?: (line: string) => void;
}

export interface SweepWorkerHandle {
  readonly id: string;
  /** Jobs this worker has finished (completed, skipped or failed). */
  processed(): number;
  /** Stops taking jobs and lets the running ones finish. */
  close(): Promise<void>;
  /** Stops at once: running jobs go back to the queue for another worker (not counted as a failed attempt). */
  release(): Promise<void>;
}

// Stores a job's rows only while the run is active (its spec exists): a late duplicate of a finished or
// cancelled run writes nothing. HSET by combination is the upsert that makes retries harmless.
export const STORE_ROWS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('RPUSH', KEYS[3], ARGV[i])
end
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('EXPIRE', KEYS[3], ttl)
return 1`;

/** A validated job: the envelope checked and the base config parsed by the strategy config schema. */
export interface ValidJob {
  runId: string;
  batch: number;
  combinations: number[];
  base: StrategyConfig;
  params: ParamSpec[];
  from?: number;
  to?: number;
  data: DataRef;
}

/** Validates a job's payload; a malformed one throws a message naming every problem. */
export function validateJob(raw: unknown, allowModules = false): ValidJob {
  const env = SweepJobSchema.safeParse(raw);
  if (!env.success) throw new Error(`malformed job: ${env.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const cfg = safeParseStrategyConfig(env.data.base);
  if (!cfg.ok) throw new Error(`malformed job: invalid base config: ${cfg.problems.map((p) => `base.${p.path || '(root)'}: ${p.message}`).join('; ')}`);
  if (cfg.config.module && !allowModules) {
    throw new Error(`job config uses a strategy module (${cfg.config.module}); this worker runs rule configs only (start it with --allow-modules to import modules named by jobs, which runs their code)`);
  }
  let size: number;
  try {
    size = gridSize(env.data.params);
  } catch (err) {
    if (err instanceof ParamSpecError) throw new Error(`malformed job: ${err.message}`);
    throw err;
  }
  const bad = env.data.combinations.find((c) => c >= size);
  if (bad !== undefined) throw new Error(`malformed job: combination ${bad} is outside the grid of ${size}`);
  return { ...env.data, base: cfg.config, data: env.data.data };
}

/** Starts a worker that takes sweep jobs from the queue until closed. */
export async function startSweepWorker(opts: SweepWorkerOptions): Promise<SweepWorkerHandle> {
  const target = parseRedisUrl(opts.url);
  const queue = opts.queue ?? DEFAULT_QUEUE;
  const id = opts.id ?? `${hostname()}:${process.pid}`;
  const concurrency = opts.concurrency ?? 1;
  const log = opts.log ?? (() => undefined);
  // Replays run on worker threads so this thread stays free to renew job locks.
  const pool: RunPool = await createRunPool(Math.max(1, concurrency));
  const state = redisConnection(target);
  const bullConnection = redisConnection(target);
  for (const r of [state, bullConnection]) r.on('error', (e: Error) => log(`redis: ${maskRedisUrls(e.message)}`));

  const dataCache = new Map<string, Promise<SharedData>>();
  const dataFor = async (ref: DataRef, base: StrategyConfig): Promise<SharedData> => {
    await verifiedPath(ref, opts.dataRoots);
    const key = `${ref.sha256}|${ref.layout}|${ref.symbol ?? ''}|${ref.timeframe ?? ''}`;
    let p = dataCache.get(key);
    if (!p) {
      if (dataCache.size >= 2) dataCache.delete(dataCache.keys().next().value!);
      p = loadDataRef(ref, base, opts.dataRoots).then((inputs) => shareColumns(`dist-${key}`, inputs));
      p.catch(() => dataCache.delete(key));
      dataCache.set(key, p);
    }
    return p;
  };

  let processed = 0;
  const processor = async (job: Job<SweepJobData>, token?: string, signal?: AbortSignal): Promise<{ stored: number; worker: string; skipped?: string }> => {
    if (job.name === TRIAL_JOB_NAME) return processTrialJob(job.id ?? '?', job.data, { state, pool, queue, id, allowModules: opts.allowModules === true, dataFor, storeScript: STORE_ROWS, log });
    let task: ValidJob;
    try {
      task = validateJob(job.data, opts.allowModules);
    } catch (err) {
      throw new UnrecoverableError((err as Error).message);
    }
    const keys = runKeys(queue, task.runId);
    if (!(await state.exists(keys.spec))) return { stored: 0, worker: id, skipped: 'the run is finished or cancelled' };
    const n = task.combinations.length;
    log(`job ${job.id} started: ${n} combination(s)${n ? ` ${task.combinations[0]}..${task.combinations[n - 1]}` : ''} of run ${task.runId} (attempt ${job.attemptsMade + 1})`);
    const t0 = performance.now();
    let result: GridTaskResult = { rows: [], worker: { threadId: 0, dataBuilds: 0 } };
    if (n > 0) {
      let data: SharedData;
      try {
        data = await dataFor(task.data, task.base);
      } catch (err) {
        if (err instanceof DataHashMismatchError || err instanceof DataOutsideRootError) throw new UnrecoverableError(err.message);
        throw err;
      }
      const work = pool.runGrid({ kind: 'grid', data, base: task.base, params: task.params, combinations: task.combinations, from: task.from, to: task.to });
      const released = signal ? abortPromise(signal) : null;
      const outcome = released ? await Promise.race([work, released]) : await work;
      if (outcome === RELEASED) {
        work.catch(() => undefined);
        await job.moveToWait(token);
        log(`job ${job.id} released back to the queue`);
        throw new WaitingError();
      }
      result = outcome as GridTaskResult;
    }
    const args: (string | number)[] = [STATE_TTL_SECONDS];
    for (const r of result.rows) {
      const row: StoredRow = { combination: r.combination, status: r.status, reason: r.reason, metrics: r.metrics, worker: id };
      args.push(r.combination, encodeRow(row));
    }
    const stored = (await state.eval(STORE_ROWS, 3, keys.spec, keys.rows, keys.done, ...args)) as number;
    log(`job ${job.id} done in ${((performance.now() - t0) / 1000).toFixed(2)} s${stored ? '' : ' (run no longer active; rows dropped)'}`);
    return { stored: stored ? result.rows.length : 0, worker: id };
  };

  const worker = new Worker<SweepJobData>(queue, processor, {
    connection: bullConnection,
    prefix: KEY_PREFIX,
    concurrency,
    lockDuration: opts.lockDuration ?? 30_000,
    stalledInterval: opts.stalledInterval ?? 30_000,
    maxStalledCount: opts.maxStalledCount ?? 3,
    name: id,
  });
  worker.on('error', (e) => log(`queue error: ${maskRedisUrls(e.message)}`));
  worker.on('failed', (job, err) => {
    processed++;
    log(`job ${job?.id ?? '?'} failed: ${maskRedisUrls(err.message)}`);
  });
  worker.on('completed', () => processed++);
  await worker.waitUntilReady();
  log(`worker ${id} waiting for jobs on ${target.masked} (queue "${queue}", ${concurrency} thread(s))`);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      try {
        await worker.close();
      } finally {
        await pool.close();
        await Promise.allSettled([state.quit(), bullConnection.quit()]);
      }
    })());
  return {
    id,
    processed: () => processed,
    close,
    release: () => {
      worker.cancelAllJobs('worker shutting down');
      return close();
    },
  };
}

const RELEASED = Symbol('released');

function abortPromise(signal: AbortSignal): Promise<typeof RELEASED> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(RELEASED);
    else signal.addEventListener('abort', () => resolve(RELEASED), { once: true });
  });
}
