/**
 * `strata optimize --executor redis://...`: the coordinator proposes each batch as usual and puts its trials on
 * the distributed queue as "trials" jobs for `strata worker` processes; results are read back by trial key and
 * consumed in trial order, so the trials and the table are those of a local run. The run's spec lives in Redis
 * (and distributed.json): a restarted coordinator (--resume) replays the same proposals from the seed, finds the
 * stored results of the batches already done, queues what is missing and carries on with the same sequence.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { runConfig } from '../../run/config-run.ts';
import { readStoredSpec, shareDataWithWorkers, SweepInterruptedError, SweepJobFailedError, type ExecutorOptions, type QueuedRunHead } from '../distributed/coordinator.ts';
import { loadDataRef } from '../distributed/data-ref.ts';
import { decodeRow, DEFAULT_QUEUE, KEY_PREFIX, runKeys, STATE_TTL_SECONDS } from '../distributed/job.ts';
import { checkRedis, redisConnection } from '../distributed/redis-connection.ts';
import { maskRedisUrls, parseRedisUrl, type RedisTarget } from '../distributed/redis-url.ts';
import { loadSingleConfig, prepareData } from '../../run/job-common.ts';
import { loadStrategyModules } from '../../run/load-configs.ts';
import { DEFAULT_RESULTS_DB } from '../../records/results-db.ts';
import { sweepDataInfo } from '../sweep/sweep-job.ts';
import type { WindowPlan } from '../walkforward/walkforward.ts';
import type { TrialExecutor, TrialRequest } from './executor.ts';
import { writeOptimizeRun } from './optimize-files.ts';
import { optimizeRunId, studyRange, type OptimizeJob, type OptimizeJobResult, type WalkForwardSpec } from './optimize-study.ts';
import { buildSettings, type OptimizeSpec } from './settings.ts';
import { runStudy } from './study.ts';
import { TRIAL_JOB_NAME, type TrialJobData } from './trial-queue-job.ts';
import type { TrialOutcome } from './trial-task.ts';
import { sleep } from '../../../data/sleep.ts';

/** What a coordinator needs to (re)start an optimisation: kept in Redis and as distributed.json. */
export interface QueuedOptimizeSpec extends QueuedRunHead {
  kind: 'optimize';
  spec: OptimizeSpec;
  walkforward: WalkForwardSpec | null;
  span: { start: number; end: number };
  windows: WindowPlan[] | null;
}

/** Trials per job: a batch is spread over up to 16 jobs. */
const jobSize = (n: number) => Math.max(1, Math.ceil(n / 16));

function queueExecutor(spec: QueuedOptimizeSpec, target: RedisTarget, ex: ExecutorOptions, stats: { queued: number; reused: number; workers: Map<string, number> }): TrialExecutor & { close(): Promise<void> } {
  const keys = runKeys(spec.queue, spec.runId);
  const state = redisConnection(target);
  const bull = redisConnection(target);
  for (const r of [state, bull]) r.on('error', () => undefined);
  const queue = new Queue<TrialJobData>(spec.queue, { connection: bull, prefix: KEY_PREFIX });
  queue.on('error', () => undefined);
  let lastTtl = Date.now();
  const paths = buildSettings(spec.spec).dims.map((d) => d.path);
  return {
    async runBatch(window, batch, requests, prune, range) {
      const got = new Map<string, TrialOutcome>();
      const read = async (wanted: readonly TrialRequest[]) => {
        if (wanted.length === 0) return;
        const texts = await state.hmget(keys.rows, ...wanted.map((r) => r.key));
        wanted.forEach((r, k) => {
          const text = texts[k];
          if (text === null) return;
          const o = decodeRow(text) as unknown as TrialOutcome & { worker: string };
          stats.workers.set(o.worker, (stats.workers.get(o.worker) ?? 0) + 1);
          const { worker: _, ...outcome } = o;
          got.set(r.key, outcome);
        });
      };
      await read(requests);
      stats.reused += got.size;
      const missing = requests.filter((r) => !got.has(r.key));
      const size = jobSize(missing.length);
      const ids: string[] = [];
      for (let i = 0; i < missing.length; i += size) {
        const trials = missing.slice(i, i + size);
        const jobId = `${spec.runId}-w${window}-t${trials[0].trial}`;
        ids.push(jobId);
        const existing = await queue.getJob(jobId);
        const st = existing ? await existing.getState() : 'missing';
        if (st === 'failed') await existing!.retry('failed');
        else if (st === 'waiting' || st === 'active' || st === 'delayed' || st === 'prioritized' || st === 'waiting-children') continue;
        else {
          if (existing) await existing.remove().catch(() => undefined);
          const data: TrialJobData = { v: 1, runId: spec.runId, window, batch, trials, base: spec.base, paths, ...(range.from !== undefined ? { from: range.from } : {}), ...(range.to !== undefined ? { to: range.to } : {}), prune, data: spec.data };
          await queue.add(TRIAL_JOB_NAME, data, { jobId, attempts: spec.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: false });
        }
        stats.queued++;
      }
      let lastCheck = 0;
      while (got.size < requests.length) {
        if (ex.signal?.aborted) throw new SweepInterruptedError(`interrupted in batch ${batch} of window ${window}; the jobs stay queued: resume with strata optimize --executor ${target.masked} --resume ${spec.runId}`);
        await sleep(ex.pollMs ?? 50, ex.signal);
        await read(requests.filter((r) => !got.has(r.key)));
        const now = Date.now();
        if (now - lastCheck > 1000) {
          lastCheck = now;
          for (const id of ids) {
            const j = await queue.getJob(id);
            if (j && (await j.getState()) === 'failed') {
              throw new SweepJobFailedError(`job ${id} failed after ${j.attemptsMade} attempt(s): ${maskRedisUrls(j.failedReason ?? 'unknown reason')}. Fix the cause, then run strata optimize --executor <url> --resume ${spec.runId}`);
            }
          }
        }
        if (now - lastTtl > 60_000) {
          lastTtl = now;
          await Promise.all([keys.spec, keys.rows, keys.done].map((k) => state.expire(k, STATE_TTL_SECONDS)));
        }
      }
      return [...got.values()];
    },
    async close() {
      await queue.close().catch(() => undefined);
      await Promise.allSettled([state.quit(), bull.quit()]);
    },
  };
}

/** Collects a queued optimisation to its end and writes the run. */
async function drive(spec: QueuedOptimizeSpec, target: RedisTarget, ex: ExecutorOptions, inputs: Awaited<ReturnType<typeof loadDataRef>> | null, onProgress?: (done: number, total: number) => void): Promise<OptimizeJobResult> {
  const settings = buildSettings(spec.spec);
  const stats = { queued: 0, reused: 0, workers: new Map<string, number>() };
  const executor = queueExecutor(spec, target, ex, stats);
  // Walk-forward test replays run here, on the data as the workers see it.
  const testInputs = spec.windows ? (inputs ?? (await loadDataRef(spec.data, spec.base))) : null;
  const modules = spec.windows ? await loadStrategyModules([spec.base]) : new Map();
  try {
    const study = await runStudy(settings, executor, {
      base: spec.base,
      span: spec.span,
      from: spec.from,
      to: spec.to,
      windows: spec.windows ?? undefined,
      test: (config, plan) => runConfig({ config, inputs: testInputs!, modules, from: plan.trainFrom, to: plan.testTo, window: { start: plan.testFrom, closeAtEnd: true } }),
      onProgress,
    });
    const perWorker = Object.fromEntries([...stats.workers].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const { manifest, document } = await writeOptimizeRun(
      {
        runId: spec.runId,
        createdAt: new Date(spec.createdAt),
        outDir: spec.outDir,
        command: spec.command,
        base: spec.base,
        source: spec.source,
        spec: spec.spec,
        walkforward: spec.walkforward,
        data: spec.dataInfo,
        workers: Object.keys(perWorker).length,
        extra: { executor: { kind: 'bullmq', url: target.masked, queue: spec.queue, jobs: stats.queued, reusedResults: stats.reused, perWorker, data: spec.data } },
        resultsDb: spec.resultsDb,
      },
      settings,
      study,
    );
    const state = redisConnection(target);
    state.on('error', () => undefined);
    const keys = runKeys(spec.queue, spec.runId);
    await state.del(keys.spec, keys.rows, keys.done).finally(() => state.quit().catch(() => undefined));
    return { runId: spec.runId, outDir: spec.outDir, study, manifest, document };
  } finally {
    await executor.close();
  }
}

export async function runQueuedOptimizeJob(job: OptimizeJob, ex: ExecutorOptions): Promise<OptimizeJobResult> {
  const target = parseRedisUrl(ex.url);
  await checkRedis(target);
  const { loaded, config: base } = loadSingleConfig(job.configPath, job.capital);
  const data = await prepareData([base], job.data);
  const { span, windows } = studyRange(base, data, job.walkforward);
  const ref = await shareDataWithWorkers(job.data.paths, data, ex);
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = optimizeRunId(base, job.spec, job.walkforward, data.summary.hash, createdAt);
  const spec: QueuedOptimizeSpec = {
    v: 1,
    kind: 'optimize',
    runId,
    createdAt: createdAt.toISOString(),
    outDir: resolve(job.outDir ?? join(job.runsDir ?? 'runs', runId)),
    command: maskRedisUrls(job.command),
    queue: ex.queue ?? DEFAULT_QUEUE,
    base,
    source: loaded.source,
    spec: job.spec,
    walkforward: job.walkforward ?? null,
    ...(job.data.from !== undefined ? { from: job.data.from } : {}),
    ...(job.data.to !== undefined ? { to: job.data.to } : {}),
    span,
    windows: windows ?? null,
    data: ref,
    dataInfo: sweepDataInfo(data),
    attempts: ex.attempts ?? 5,
    resultsDb: job.resultsDb === null ? null : resolve(job.resultsDb ?? DEFAULT_RESULTS_DB),
  };
  const state = redisConnection(target);
  state.on('error', () => undefined);
  try {
    const ok = await state.set(runKeys(spec.queue, runId).spec, JSON.stringify(spec), 'EX', STATE_TTL_SECONDS, 'NX');
    if (ok !== 'OK') throw new Error(`run ${runId} already exists on the queue; resume it with --resume ${runId}`);
  } finally {
    await state.quit().catch(() => undefined);
  }
  mkdirSync(spec.outDir, { recursive: true });
  writeFileSync(join(spec.outDir, 'distributed.json'), JSON.stringify({ runId, createdAt: spec.createdAt, queue: spec.queue, data: spec.data, spec: spec.spec, walkforward: spec.walkforward }, null, 2) + '\n');
  ex.log?.(`run ${runId}: ${job.spec.trials} trial(s) per optimisation queued batch by batch on ${target.masked} (queue "${spec.queue}")`);
  return drive(spec, target, ex, data.inputs, job.onProgress);
}

/** Restarts the coordinator of a queued optimisation: the same proposals from the seed, stored results reused. */
export async function resumeQueuedOptimize(runId: string, ex: ExecutorOptions, opts: { resultsDb?: string | null } = {}, onProgress?: (done: number, total: number) => void): Promise<OptimizeJobResult> {
  const { target, queueName: queue, text } = await readStoredSpec(runId, ex);
  if (text === null) throw new Error(`run ${runId} is not known to the queue at ${target.masked} (queue "${queue}"): it finished, or its state expired or was removed; start it again`);
  const spec = JSON.parse(text) as QueuedOptimizeSpec;
  if (spec.kind !== 'optimize') throw new Error(`run ${runId} is a sweep; resume it with strata sweep --resume`);
  if (opts.resultsDb !== undefined) spec.resultsDb = opts.resultsDb === null ? null : resolve(opts.resultsDb);
  ex.log?.(`resuming optimisation ${runId} on ${target.masked}: batches with stored results are reused`);
  return drive(spec, target, ex, null, onProgress);
}
