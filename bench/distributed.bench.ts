/**
 * Distributed sweep throughput: the sweep benchmark's grid (bench/sweep.bench.ts: EMA crossover +
 * RSI over a year of seeded 1h candles) run through `strata sweep --executor` on a private redis-server, with
 * 1, 2 and 4 `strata worker` processes (one thread each) on this machine, beside a local sweep on the same
 * number of threads for reference. On 2 cores, 4 workers show the cost of oversubscription and of the queue.
 *
 * Reported per worker count: combinations per second from the moment the jobs are queued until the last row
 * is collected (the best of `repeats` runs on warm workers, which have read and hashed the Parquet file once),
 * the first (cold) run's rate, and the end-to-end time of the coordinator call (data load, export, table
 * writing included). The queue's own cost per job is measured with empty jobs (no combinations, so no data
 * read or replay: validation, the run-state check, the row-store script and BullMQ's bookkeeping): the
 * sequential round trip (enqueue → completion seen by the producer, median) and the throughput of a burst.
 *
 *   npx tsx bench/distributed.bench.ts [combinations=1000] [workers=1,2,4] [repeats=2] [batch=default]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { synthCandles } from '../data/synth.ts';
import { writeCandlesFile } from '../data/write-file.ts';
import { redisExecutor } from '../backtest/research/distributed/coordinator.ts';
import { DEFAULT_QUEUE, KEY_PREFIX, runKeys, type SweepJobData } from '../backtest/research/distributed/job.ts';
import { loadColumns } from '../backtest/run/data-source.ts';
import type { ParamSpec } from '../backtest/research/sweep/param-grid.ts';
import { createRunPool } from '../backtest/research/pool/run-pool.ts';
import { shareColumns, type SharedData } from '../backtest/run/shared-columns.ts';
import { runSweepJob } from '../backtest/research/sweep/sweep-job.ts';
import { runSweep } from '../backtest/research/sweep/sweep.ts';
import { benchConfig, benchGrid } from './sweep.bench.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface DistributedWorkerFigure {
  readonly workers: number;
  readonly combinations: number;
  readonly jobs: number;
  /** Queued → last row collected, best warm run. */
  readonly combosPerSec: number;
  readonly seconds: number;
  /** The first run, while each worker still reads and hashes the data file. */
  readonly coldCombosPerSec: number;
  /** The whole coordinator call of the best run (load, export, enqueue, collect, write tables). */
  readonly endToEndSeconds: number;
  /** A local sweep (warm piscina threads, same count, in-memory columns) on the same grid, for reference: best of the repeats. */
  readonly localCombosPerSec: number;
}

export interface DistributedFigures {
  readonly bars: number;
  readonly combinations: number;
  readonly runs: DistributedWorkerFigure[];
  /** Empty-job round trip, enqueue → completion seen by the producer: median and p90, ms (one job at a time). */
  readonly emptyJobRoundTripMs: { p50: number; p90: number };
  /** Empty jobs per second through one worker when 500 are queued at once, and the implied ms per job. */
  readonly emptyJobsPerSec: number;
  readonly emptyJobMs: number;
  readonly cores: number;
  readonly loadAverage: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('redis-server not found (apt-get install redis-server)');
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      c.disconnect();
      return { url: `redis://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
    } catch {
      c.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

/** Starts `n` worker processes and resolves once each is taking jobs. */
async function startWorkers(url: string, n: number, tag: string): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, (_, k) => {
      const p = spawn(process.execPath, ['bin/strata.js', 'worker', '--queue', url, '--id', `${tag}-${k + 1}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
      return new Promise<ChildProcess>((resolve, reject) => {
        let err = '';
        p.stderr!.on('data', (d: Buffer) => {
          err += d.toString();
          if (err.includes('waiting for jobs')) resolve(p);
        });
        p.once('exit', () => reject(new Error(`worker exited: ${err}`)));
      });
    }),
  );
}

async function stopWorkers(ps: ChildProcess[]): Promise<void> {
  await Promise.all(ps.map((p) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : (p.once('exit', () => resolve()), p.kill('SIGTERM'))))));
}

/** Empty jobs through one worker: sequential round trips, then a burst. */
async function measureEmptyJobs(url: string, dataRef: SweepJobData['data'], base: SweepJobData['base'], log: (l: string) => void): Promise<Pick<DistributedFigures, 'emptyJobRoundTripMs' | 'emptyJobsPerSec' | 'emptyJobMs'>> {
  const workers = await startWorkers(url, 1, 'empty');
  const opened: Redis[] = [];
  const conn = () => {
    const r = new Redis(url, { maxRetriesPerRequest: null });
    r.on('error', () => undefined);
    opened.push(r);
    return r;
  };
  const state = conn();
  const queue = new Queue<SweepJobData>(DEFAULT_QUEUE, { connection: conn(), prefix: KEY_PREFIX });
  const events = new QueueEvents(DEFAULT_QUEUE, { connection: conn(), prefix: KEY_PREFIX });
  await events.waitUntilReady();
  const runId = 'bench-empty';
  await state.set(runKeys(DEFAULT_QUEUE, runId).spec, '{}');
  const job = (batch: number): SweepJobData => ({ v: 1, runId, batch, combinations: [], base, params: [{ path: 'risk.stopLoss', values: [0.01] }], data: dataRef });
  try {
    const trips: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      const j = await queue.add('sweep', job(i), { jobId: `${runId}-b${i}` });
      await j.waitUntilFinished(events);
      if (i >= 10) trips.push(performance.now() - t0);
    }
    trips.sort((a, b) => a - b);
    const q = (p: number) => trips[Math.min(trips.length - 1, Math.floor(p * trips.length))];
    const burst = 500;
    const t0 = performance.now();
    await queue.addBulk(Array.from({ length: burst }, (_, i) => ({ name: 'sweep', data: job(1000 + i), opts: { jobId: `${runId}-b${1000 + i}`, removeOnComplete: true } })));
    for (;;) {
      const c = await queue.getJobCounts('wait', 'active', 'prioritized', 'delayed');
      if (c.wait + c.active + c.prioritized + c.delayed === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const secs = (performance.now() - t0) / 1000;
    log(`empty jobs: round trip p50 ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms; burst of ${burst}: ${(burst / secs).toFixed(0)} jobs/s`);
    return { emptyJobRoundTripMs: { p50: q(0.5), p90: q(0.9) }, emptyJobsPerSec: burst / secs, emptyJobMs: (secs * 1000) / burst };
  } finally {
    await events.close();
    await queue.close();
    for (const r of opened) r.disconnect();
    await stopWorkers(workers);
  }
}

/** The same grid as a local sweep on `threads` warm piscina threads: best combinations/s of `repeats` runs. */
async function localRate(data: SharedData, base: SweepJobData['base'], params: ParamSpec[], threads: number, repeats: number): Promise<number> {
  const total = params.reduce((n, p) => n * p.values.length, 1);
  const pool = await createRunPool(threads);
  try {
    await Promise.all(Array.from({ length: 2 * threads }, () => pool.run({ data, config: base })));
    let best = 0;
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await runSweep({ base, params, data, pool, metric: 'sharpe' });
      best = Math.max(best, total / ((performance.now() - t0) / 1000));
    }
    return best;
  } finally {
    await pool.close();
  }
}

/** Runs the grid on 1, 2, 4 worker processes (default) and measures the queue's per-job overhead. */
export async function measureDistributed(opts: { combinations?: number; workers?: number[]; repeats?: number; batch?: number; log?: (line: string) => void } = {}): Promise<DistributedFigures> {
  const log = opts.log ?? (() => undefined);
  const loadAverage = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'strata-dist-bench-'));
  const redis = await startRedis();
  try {
    const bars = 365 * 24;
    const data = join(dir, 'BTC_USDT-1h.parquet');
    await writeCandlesFile(synthCandles({ bars, seed: 2024, timeframe: '1h', volatility: 0.8 }), data, 'parquet');
    const configPath = join(dir, 'config.json');
    const base = benchConfig();
    writeFileSync(configPath, JSON.stringify(base));
    const params = benchGrid(opts.combinations);
    const { inputs } = await loadColumns({ paths: [data], configs: [base] });
    const shared = shareColumns('dist-bench', inputs);
    const total = params.reduce((n, p) => n * p.values.length, 1);
    const runs: DistributedWorkerFigure[] = [];
    let dataRef: SweepJobData['data'] | null = null;
    for (const n of opts.workers ?? [1, 2, 4]) {
      const localCombosPerSec = await localRate(shared, base, params, n, 1 + (opts.repeats ?? 2));

      const workers = await startWorkers(redis.url, n, `w${n}`);
      try {
        let best: { seconds: number; endToEnd: number } | null = null;
        let cold = 0;
        let jobs = 0;
        for (let rep = 0; rep < 1 + (opts.repeats ?? 2); rep++) {
          let queuedAt = 0;
          let doneAt = 0;
          const t0 = performance.now();
          const r = await runSweepJob({
            configPath,
            data: { paths: [data] },
            params,
            metric: 'sharpe',
            resultsDb: null,
            outDir: join(dir, `dist-${n}-${rep}`),
            command: 'bench',
            executor: redisExecutor({
              url: redis.url,
              pollMs: 20,
              batchSize: opts.batch,
              onProgress: (p) => {
                const t = performance.now();
                if (!queuedAt) queuedAt = t;
                if (p.done === p.total && !doneAt) doneAt = t;
              },
            }),
          });
          const endToEnd = (performance.now() - t0) / 1000;
          const seconds = (doneAt - queuedAt) / 1000;
          const ex = r.manifest.executor as { jobs: number; data: SweepJobData['data'] };
          jobs = ex.jobs;
          dataRef ??= ex.data;
          if (r.result.skipped + r.result.errored > 0) throw new Error('bench grid had skipped or errored rows');
          log(`${n} worker(s), run ${rep + 1}${rep === 0 ? ' (cold)' : ''}: ${(total / seconds).toFixed(1)} combinations/s queued→collected (${seconds.toFixed(2)} s; ${endToEnd.toFixed(2)} s end to end), local ${localCombosPerSec.toFixed(1)}/s`);
          if (rep === 0) cold = total / seconds;
          else if (!best || seconds < best.seconds) best = { seconds, endToEnd };
        }
        runs.push({ workers: n, combinations: total, jobs, combosPerSec: total / best!.seconds, seconds: best!.seconds, coldCombosPerSec: cold, endToEndSeconds: best!.endToEnd, localCombosPerSec });
      } finally {
        await stopWorkers(workers);
      }
    }
    const empty = await measureEmptyJobs(redis.url, dataRef!, base, log);
    return { bars, combinations: total, runs, ...empty, cores: availableParallelism(), loadAverage };
  } finally {
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(f: DistributedFigures): string {
  const lines = [`distributed sweep benchmark: ${f.combinations} combinations of EMA crossover + RSI over ${f.bars} 1h candles, BullMQ on a local redis-server (${f.cores} cores, load average ${f.loadAverage.toFixed(2)} at start)`];
  for (const r of f.runs) {
    lines.push(
      `  ${r.workers} worker process(es): ${r.combosPerSec.toFixed(1)} combinations/s (cold ${r.coldCombosPerSec.toFixed(1)}/s; ${r.jobs} jobs; ${r.endToEndSeconds.toFixed(2)} s end to end); local threads ${r.localCombosPerSec.toFixed(1)}/s`,
    );
  }
  lines.push(`  queue overhead per job: round trip p50 ${f.emptyJobRoundTripMs.p50.toFixed(2)} ms, p90 ${f.emptyJobRoundTripMs.p90.toFixed(2)} ms; ${f.emptyJobsPerSec.toFixed(0)} empty jobs/s through one worker (${f.emptyJobMs.toFixed(2)} ms each)`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const combinations = process.argv[2] ? Number(process.argv[2]) : undefined;
  const workers = process.argv[3] ? process.argv[3].split(',').map(Number) : undefined;
  const repeats = process.argv[4] ? Number(process.argv[4]) : undefined;
  const batch = process.argv[5] ? Number(process.argv[5]) : undefined;
  const figures = await measureDistributed({ combinations, workers, repeats, batch, log: (l) => console.error(l) });
  console.log(report(figures));
  console.log(JSON.stringify(figures));
}
