import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { contentHash } from '../../records/canonical.ts';
import { loadSingleConfig, prepareData, type PreparedData } from '../../run/job-common.ts';
import { metricValue, type RankMetric } from '../../run/metric-select.ts';
import { combinationValues, gridSize, type ParamSpec } from '../sweep/param-grid.ts';
import { DEFAULT_RESULTS_DB } from '../../records/results-db.ts';
import { checkSomeRan, sweepDataInfo, sweepRunId, writeSweepRun, type SweepDataInfo, type SweepExecutor, type SweepJob, type SweepJobResult } from '../sweep/sweep-job.ts';
import { rankRows, type SweepRow } from '../sweep/sweep.ts';
import { publishColumns, referenceFile, type DataRef } from './data-ref.ts';
import { decodeRow, DEFAULT_QUEUE, defaultBatchSize, jobId, KEY_PREFIX, planBatches, runKeys, STATE_TTL_SECONDS, type StoredRow, type SweepJobData } from './job.ts';
import { ProgressTracker, type SweepProgress } from './progress.ts';
import { checkRedis, redisConnection } from './redis-connection.ts';
import { maskRedisUrls, parseRedisUrl, type RedisTarget } from './redis-url.ts';
import { sleep } from '../../../data/sleep.ts';

/** Default shared directory the coordinator exports a sweep's candles to (must be the same path on every worker). */
export const DEFAULT_SHARED_DATA = '.strata/shared-data';

/** How a sweep runs on the queue. */
export interface ExecutorOptions {
  /** `redis://[:password@]host:port[/db]`; never printed unmasked. */
  url: string;
  queue?: string;
  /**
   * Directory on storage every worker mounts at the same path: the candles are exported there as Parquet.
   * Without it, a single Parquet `--data` file is referenced where it is; other data goes to .strata/shared-data.
   */
  sharedData?: string;
  /** Combinations per job (default: about 128 jobs, at most 32 each). */
  batchSize?: number;
  /** Attempts per job before it fails the sweep (default 5). */
  attempts?: number;
  onProgress?: (p: SweepProgress) => void;
  /** Stops waiting (the jobs stay queued; resume later). */
  signal?: AbortSignal;
  log?: (line: string) => void;
  pollMs?: number;
}

/** What every queued run (a sweep, an optimisation) stores to be (re)started: in Redis and as distributed.json. */
export interface QueuedRunHead {
  v: 1;
  runId: string;
  createdAt: string;
  outDir: string;
  command: string;
  queue: string;
  base: StrategyConfig;
  source: string;
  from?: number;
  to?: number;
  data: DataRef;
  dataInfo: SweepDataInfo;
  attempts: number;
  resultsDb: string | null;
}

/** Everything a coordinator needs to (re)start a sweep. */
export interface RunSpec extends QueuedRunHead {
  params: ParamSpec[];
  metric: RankMetric;
  total: number;
  batchSize: number;
}

/** A job failed for good (bad data, malformed payload, a worker crashing on it every time). */
export class SweepJobFailedError extends Error {}
/** The coordinator was stopped before every result was in. */
export class SweepInterruptedError extends Error {}

/** The Redis queue as a sweep executor: `runSweepJob({ ...job, executor: redisExecutor(options) })`. */
export function redisExecutor(ex: ExecutorOptions): SweepExecutor {
  return { run: (job) => runDistributedSweepJob(job, ex) };
}

/** Runs a sweep on the queue: loads the data, shares it, enqueues the grid, collects the rows, writes the run. */
export async function runDistributedSweepJob(job: SweepJob, ex: ExecutorOptions): Promise<SweepJobResult> {
  const target = parseRedisUrl(ex.url);
  await checkRedis(target);
  const queueName = ex.queue ?? DEFAULT_QUEUE;
  const { loaded, config: base } = loadSingleConfig(job.configPath, job.capital);
  const total = gridSize(job.params);
  const data = await prepareData([base], job.data);
  const ref = await shareDataWithWorkers(job.data.paths, data, ex);
  const createdAt = (job.now ?? (() => new Date()))();
  const dataInfo = sweepDataInfo(data);
  const runId = sweepRunId(base, job.params, job.metric, dataInfo.hash, createdAt);
  const batchSize = ex.batchSize ?? defaultBatchSize(total);
  const spec: RunSpec = {
    v: 1,
    runId,
    createdAt: createdAt.toISOString(),
    outDir: resolve(job.outDir ?? join(job.runsDir ?? 'runs', runId)),
    command: maskRedisUrls(job.command),
    queue: queueName,
    base,
    source: loaded.source,
    params: job.params,
    metric: job.metric,
    ...(job.data.from !== undefined ? { from: job.data.from } : {}),
    ...(job.data.to !== undefined ? { to: job.data.to } : {}),
    data: ref,
    dataInfo,
    total,
    batchSize,
    attempts: ex.attempts ?? 5,
    resultsDb: job.resultsDb === null ? null : resolve(job.resultsDb ?? DEFAULT_RESULTS_DB),
  };
  const result = await drive(spec, target, ex, true, job.onProgress);
  return { ...result, data };
}

/** How queue workers reach the data: a single Parquet --data file in place, otherwise the columns exported to the shared directory. */
export async function shareDataWithWorkers(paths: readonly string[], data: PreparedData, ex: ExecutorOptions): Promise<DataRef> {
  const inPlace = ex.sharedData === undefined && paths.length === 1 && /\.(parquet|pq)$/i.test(paths[0]) && data.info.series.length === 1;
  return inPlace
    ? referenceFile(paths[0], { symbol: data.info.series[0].symbol, timeframe: data.info.series[0].timeframe })
    : publishColumns(data.inputs, ex.sharedData ?? DEFAULT_SHARED_DATA);
}

/** What `--resume` may be checked against: the config, grid and metric the user gave again. */
export interface ResumeCheck {
  configPath?: string;
  params?: ParamSpec[];
  metric?: RankMetric;
  capital?: number;
}

/** A run's stored spec on the queue (null when unknown), with the parsed target and queue name. */
export async function readStoredSpec(runId: string, ex: ExecutorOptions): Promise<{ target: RedisTarget; queueName: string; text: string | null }> {
  const target = parseRedisUrl(ex.url);
  await checkRedis(target);
  const queueName = ex.queue ?? DEFAULT_QUEUE;
  const redis = redisConnection(target);
  redis.on('error', () => undefined);
  try {
    return { target, queueName, text: await redis.get(runKeys(queueName, runId).spec) };
  } finally {
    await redis.quit().catch(() => undefined);
  }
}

/** Restarts the coordinator of a run: re-queues the jobs whose combinations have no stored result, then collects as usual. */
export async function resumeDistributedSweep(
  runId: string,
  ex: ExecutorOptions,
  check: ResumeCheck & { resultsDb?: string | null } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<SweepJobResult> {
  const { target, queueName, text } = await readStoredSpec(runId, ex);
  if (text === null) {
    const finished = finishedRunDir(runId, join(dirname(resolve(check.resultsDb ?? DEFAULT_RESULTS_DB)), 'sweeps'));
    if (finished) throw new Error(`run ${runId} has already finished; its results are in ${finished}`);
    throw new Error(`run ${runId} is not known to the queue at ${target.masked} (queue "${queueName}"): it finished, or its state expired or was removed; start the sweep again`);
  }
  const spec = JSON.parse(text) as RunSpec;
  if ((spec as { kind?: string }).kind === 'optimize') throw new Error(`run ${runId} is an optimisation; resume it with strata optimize --executor <url> --resume ${runId}`);
  if (check.configPath) {
    const { config } = loadSingleConfig(check.configPath, check.capital);
    if (contentHash(config) !== contentHash(spec.base)) throw new Error(`--resume ${runId}: ${check.configPath} is not the config this run was started with`);
  }
  if (check.params && JSON.stringify(check.params) !== JSON.stringify(spec.params)) throw new Error(`--resume ${runId}: the --param grid differs from the run's`);
  if (check.metric && check.metric !== spec.metric) throw new Error(`--resume ${runId}: the run ranks by ${spec.metric}, not ${check.metric}`);
  return { ...(await drive(spec, target, ex, false, onProgress)), data: null };
}

/** Enqueues (fresh) or re-queues (resume) the missing work, collects every row, and writes the run. */
async function drive(spec: RunSpec, target: RedisTarget, ex: ExecutorOptions, fresh: boolean, onCount?: (done: number, total: number) => void): Promise<Omit<SweepJobResult, 'data'>> {
  const log = ex.log ?? (() => undefined);
  const keys = runKeys(spec.queue, spec.runId);
  const state = redisConnection(target);
  const bull = redisConnection(target);
  for (const r of [state, bull]) r.on('error', () => undefined);
  const queue = new Queue<SweepJobData>(spec.queue, { connection: bull, prefix: KEY_PREFIX });
  queue.on('error', () => undefined);
  const batches = planBatches(spec.total, spec.batchSize);
  const tracker = new ProgressTracker({
    runId: spec.runId,
    total: spec.total,
    jobs: batches.length,
    queue: { url: target.masked, name: spec.queue },
    outDir: spec.outDir,
    indexDir: join(dirname(spec.resultsDb ?? resolve(DEFAULT_RESULTS_DB)), 'sweeps'),
  });
  const rows: (SweepRow | undefined)[] = new Array(spec.total);
  let cursor = 0;

  /** Reads the combinations announced since the last call and their stored rows. */
  const pull = async (resumed: boolean): Promise<number> => {
    const ids = await state.lrange(keys.done, cursor, cursor + 4999);
    cursor += ids.length;
    const fresh = [...new Set(ids.map(Number))].filter((c) => Number.isInteger(c) && c >= 0 && c < spec.total && rows[c] === undefined);
    if (fresh.length > 0) {
      const texts = await state.hmget(keys.rows, ...fresh.map(String));
      fresh.forEach((c, k) => {
        const text = texts[k];
        if (text === null) return;
        const stored = decodeRow(text);
        rows[c] = sweepRow(spec.params, spec.metric, { ...stored, combination: c });
        tracker.add(stored.worker, resumed);
      });
    }
    return ids.length;
  };

  try {
    if (fresh) {
      const ok = await state.set(keys.spec, JSON.stringify(spec), 'EX', STATE_TTL_SECONDS, 'NX');
      if (ok !== 'OK') throw new Error(`run ${spec.runId} already exists on the queue; resume it with --resume ${spec.runId}`);
      writeFileSync(join(spec.outDir, 'distributed.json'), JSON.stringify(publicSpec(spec), null, 2) + '\n');
      for (let k = 0; k < batches.length; k += 500) await queue.addBulk(batches.slice(k, k + 500).map((combinations, i) => jobEntry(spec, k + i, combinations)));
      log(`run ${spec.runId}: ${spec.total} combinations in ${batches.length} job(s) queued on ${target.masked} (queue "${spec.queue}"); data ${spec.data.uri} (sha256 ${spec.data.sha256.slice(0, 12)}…)`);
    } else {
      while ((await pull(true)) > 0);
      let requeued = 0;
      for (let b = 0; b < batches.length; b++) {
        if (batches[b].every((c) => rows[c] !== undefined)) continue;
        const existing = await queue.getJob(jobId(spec.runId, b));
        const st = existing ? await existing.getState() : 'missing';
        if (st === 'failed') await existing!.retry('failed');
        else if (st === 'completed' || st === 'missing' || st === 'unknown') {
          if (existing) await existing.remove().catch(() => undefined);
          await queue.add('sweep', jobData(spec, b, batches[b]), jobOptions(spec, b));
        } else continue;
        requeued++;
      }
      await state.expire(keys.spec, STATE_TTL_SECONDS);
      log(`resuming run ${spec.runId}: ${tracker.done} of ${spec.total} combinations already stored; ${requeued} job(s) re-queued on ${target.masked}`);
    }
    tracker.flush(true);

    let failedSeen = -1;
    let lastCheck = 0;
    let lastTtl = Date.now();
    while (tracker.done < spec.total) {
      if (ex.signal?.aborted) {
        throw new SweepInterruptedError(
          `interrupted with ${tracker.done} of ${spec.total} combinations stored; the jobs stay queued: resume with strata sweep --executor ${target.masked} --resume ${spec.runId}`,
        );
      }
      const got = await pull(false);
      ex.onProgress?.(tracker.snapshot());
      onCount?.(tracker.done, spec.total);
      tracker.flush();
      const now = Date.now();
      if (now - lastCheck > 1000) {
        lastCheck = now;
        failedSeen = await checkFailed(queue, spec, batches, failedSeen);
      }
      if (now - lastTtl > 60_000) {
        lastTtl = now;
        await Promise.all([keys.spec, keys.rows, keys.done].map((k) => state.expire(k, STATE_TTL_SECONDS)));
      }
      if (got === 0 && tracker.done < spec.total) await sleep(ex.pollMs ?? 100, ex.signal);
    }
    ex.onProgress?.(tracker.snapshot());
    onCount?.(tracker.done, spec.total);

    const result = rankRows(spec.metric, spec.params, rows as SweepRow[]);
    checkSomeRan(result);
    const perWorker = tracker.workers();
    const manifest = await writeSweepRun(
      {
        runId: spec.runId,
        createdAt: new Date(spec.createdAt),
        outDir: spec.outDir,
        command: spec.command,
        base: spec.base,
        source: spec.source,
        params: spec.params,
        metric: spec.metric,
        data: spec.dataInfo,
        workers: Object.keys(perWorker).length,
        extra: { executor: { kind: 'bullmq', url: target.masked, queue: spec.queue, jobs: batches.length, batchSize: spec.batchSize, perWorker, data: publicSpec(spec).data } },
        resultsDb: spec.resultsDb,
      },
      result,
    );
    tracker.finish('done');
    await state.del(keys.spec, keys.rows, keys.done);
    return { runId: spec.runId, outDir: spec.outDir, result, manifest };
  } catch (err) {
    tracker.finish(err instanceof SweepInterruptedError ? 'interrupted' : 'failed', (err as Error).message);
    throw err;
  } finally {
    await queue.close().catch(() => undefined);
    await Promise.allSettled([state.quit(), bull.quit()]);
  }
}

/** A stored row as the sweep machinery's row: values from the grid, score from the metrics, as a local sweep does. */
function sweepRow(params: readonly ParamSpec[], metric: RankMetric, r: StoredRow): SweepRow {
  return {
    combination: r.combination,
    values: combinationValues(params, r.combination),
    status: r.status,
    reason: r.reason,
    metrics: r.metrics,
    score: r.status === 'ok' && r.metrics ? metricValue(metric, r.metrics.performance) : null,
    rank: null,
  };
}

function jobData(spec: RunSpec, batch: number, combinations: number[]): SweepJobData {
  return { v: 1, runId: spec.runId, batch, combinations, base: spec.base, params: spec.params, ...(spec.from !== undefined ? { from: spec.from } : {}), ...(spec.to !== undefined ? { to: spec.to } : {}), data: spec.data };
}

function jobOptions(spec: RunSpec, batch: number) {
  return { jobId: jobId(spec.runId, batch), attempts: spec.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: false };
}

function jobEntry(spec: RunSpec, batch: number, combinations: number[]) {
  return { name: 'sweep', data: jobData(spec, batch, combinations), opts: jobOptions(spec, batch) };
}

/** Throws if one of this run's jobs is in the failed set (attempts used up). Returns the failed count seen. */
async function checkFailed(queue: Queue<SweepJobData>, spec: RunSpec, batches: number[][], seen: number): Promise<number> {
  const n = await queue.getFailedCount();
  if (n === seen || n === 0) return n;
  const prefix = `${spec.runId}-b`;
  for (let start = 0; start < n; start += 500) {
    for (const j of await queue.getFailed(start, Math.min(n, start + 500) - 1)) {
      if (!j?.id?.startsWith(prefix)) continue;
      const b = Number(j.id.slice(prefix.length));
      const c = batches[b] ?? [];
      throw new SweepJobFailedError(
        `job ${j.id} (combinations ${c[0]}..${c[c.length - 1]}) failed after ${j.attemptsMade} attempt(s): ${maskRedisUrls(j.failedReason ?? 'unknown reason')}. ` +
          `Fix the cause, then run strata sweep --executor <url> --resume ${spec.runId}`,
      );
    }
  }
  return n;
}

/** The spec as written to the run folder: no config bodies repeated, nothing secret. */
function publicSpec(spec: RunSpec): Record<string, unknown> {
  return { runId: spec.runId, createdAt: spec.createdAt, queue: spec.queue, total: spec.total, batchSize: spec.batchSize, attempts: spec.attempts, data: spec.data, from: spec.from ?? null, to: spec.to ?? null };
}


/** A finished run's folder, if the coordinator's pointer for it exists (to tell "finished" from "unknown" on resume). */
export function finishedRunDir(runId: string, indexDir: string): string | null {
  const pointer = join(indexDir, `${runId}.json`);
  if (!existsSync(pointer)) return null;
  const { outDir } = JSON.parse(readFileSync(pointer, 'utf8')) as { outDir: string };
  return existsSync(join(outDir, 'manifest.json')) ? outDir : null;
}
