/**
 * A sweep on two worker processes, one killed (SIGKILL) in the middle of a job, gives exactly the
 * table of a local sweep: the dead worker's job is recovered by the other (BullMQ stalled-job handling),
 * nothing is missing and nothing is duplicated.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDb, runCli } from '../backtest/cli-helpers.ts';
import { EXAMPLE, writeSynthParquet } from './fixtures.ts';
import { HAVE_REDIS, NO_REDIS_MESSAGE, startRedis, startWorker, stop, strata, type Child, type RedisServer } from './helpers.ts';

if (!HAVE_REDIS) console.warn(NO_REDIS_MESSAGE);

// 8 x 2 = 16 combinations over 200,000 1m candles, 4 per job: each job takes long enough to be killed inside.
const PARAMS = ['--param', 'indicators.macd.fastPeriod=6:13:1', '--param', 'risk.stopLoss=0.01,0.02'];
const TOTAL = 16;

describe.skipIf(!HAVE_REDIS)('distributed sweep with a worker killed mid-job', () => {
  let dir: string;
  let redis: RedisServer;
  let data: string;
  const children: Child[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-dist-kill-'));
    data = join(dir, 'BTC_USDT-1m.parquet');
    await writeSynthParquet(data, 200_000);
    redis = await startRedis();
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers the killed job on the other worker; the table equals a local sweep byte for byte', async () => {
    const local = await runCli(['sweep', EXAMPLE, '--data', data, ...PARAMS, '--workers', '1', '--out', join(dir, 'local'), '--no-register'], 170_000);
    expect(local.code, local.stderr).toBe(0);

    const a = await startWorker(redis.url, 'worker-a');
    const b = await startWorker(redis.url, 'worker-b');
    children.push(a, b);
    const db = join(dir, 'results.duckdb');
    const coordinator = strata(['sweep', EXAMPLE, '--data', data, ...PARAMS, '--executor', redis.url, '--batch', '4', '--out', join(dir, 'dist'), '--results-db', db]);
    children.push(coordinator);

    const [, killedJob] = await a.waitFor(/job (\S+) started/, 120_000);
    a.proc.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    const code = await coordinator.exited;
    expect(code, coordinator.stderr()).toBe(0);
    expect(b.stderr(), 'the surviving worker ran the killed job again').toContain(`job ${killedJob} started`);

    expect(readFileSync(join(dir, 'dist', 'sweep.csv'), 'utf8'), 'CSV equal to the local sweep').toBe(readFileSync(join(dir, 'local', 'sweep.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'dist', 'sweep.parquet')).equals(readFileSync(join(dir, 'local', 'sweep.parquet'))), 'Parquet equal to the local sweep').toBe(true);

    const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'manifest.json'), 'utf8'));
    expect(manifest.executor.perWorker, 'every stored row came from the surviving worker; the killed one stored nothing').toEqual({ 'worker-b': TOTAL });
    expect(manifest.executor.data.layout, 'a Parquet --data file is referenced in place').toBe('candle-file');

    const counts = await queryDb(db, `SELECT count(*)::INTEGER AS n, count(DISTINCT combination)::INTEGER AS d, min(combination) AS lo, max(combination) AS hi FROM sweep_results WHERE run_id = '${manifest.runId}'`);
    expect(counts[0], 'one row per combination in sweep_results: none missing, none duplicated').toEqual({ n: TOTAL, d: TOTAL, lo: 0, hi: TOTAL - 1 });

    const progress = JSON.parse(readFileSync(join(dir, 'dist', 'progress.json'), 'utf8'));
    expect(progress).toMatchObject({ state: 'done', done: TOTAL, total: TOTAL, workers: { 'worker-b': TOTAL } });

    expect(await stop(b), 'SIGTERM stops a worker cleanly').toBe(0);
    expect(b.stderr()).toMatch(/worker worker-b stopped after \d+ job\(s\)/);
  }, 300_000);

  it('a second SIGTERM releases the running job to the queue at once (not a failed attempt)', async () => {
    const a = await startWorker(redis.url, 'worker-a');
    children.push(a);
    const out = join(dir, 'release');
    const coordinator = strata(['sweep', EXAMPLE, '--data', data, ...PARAMS, '--executor', redis.url, '--batch', '8', '--out', out, '--no-register']);
    children.push(coordinator);
    const [, job] = await a.waitFor(/job (\S+) started/, 120_000);
    a.proc.kill('SIGTERM');
    await a.waitFor(/SIGTERM: stopping after the running job/);
    a.proc.kill('SIGTERM');
    expect(await a.exited, a.stderr()).toBe(0);
    expect(a.stderr()).toContain(`job ${job} released back to the queue`);

    const b = await startWorker(redis.url, 'worker-b');
    children.push(b);
    expect(await coordinator.exited, coordinator.stderr()).toBe(0);
    expect(b.stderr(), 'released, not failed: still its first attempt').toContain(`job ${job} started: 8 combination(s) 0..7 of run`);
    expect(b.stderr()).toMatch(new RegExp(`job ${job} started: .*\\(attempt 1\\)`));
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).executor.perWorker).toEqual({ 'worker-b': TOTAL });
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'local', 'sweep.csv'), 'utf8'));
    expect(await stop(b)).toBe(0);
  }, 300_000);
});
