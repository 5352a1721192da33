/**
 * A coordinator killed mid-sweep is restarted with --resume: combinations already stored are skipped, jobs
 * that were lost are queued again, and the result equals a local sweep (no duplicate, nothing missing).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDb, runCli } from '../backtest/cli-helpers.ts';
import { EXAMPLE, SAMPLE, SAMPLE_PARAMS } from './fixtures.ts';
import { HAVE_REDIS, NO_REDIS_MESSAGE, startRedis, startWorker, stop, strata, waitForProgress, type Child, type RedisServer } from './helpers.ts';

if (!HAVE_REDIS) console.warn(NO_REDIS_MESSAGE);

describe.skipIf(!HAVE_REDIS)('resuming a distributed sweep', () => {
  let dir: string;
  let redis: RedisServer;
  const children: Child[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-dist-resume-'));
    redis = await startRedis();
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips the stored combinations, re-queues the lost jobs and gives the local table', async () => {
    const out = join(dir, 'dist');
    const db = join(dir, 'results.duckdb');
    const args = ['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--executor', redis.url, '--batch', '1', '--out', out, '--results-db', db];
    const first = strata(args);
    children.push(first);
    const { runId } = await waitForProgress(out, (p) => p.state === 'running');

    // One worker stores a few rows, then stops (gracefully: after its current job).
    const w1 = await startWorker(redis.url, 'w1');
    children.push(w1);
    await w1.waitFor(/job \S+ done/);
    expect(await stop(w1)).toBe(0);
    // The coordinator dies; the jobs still waiting are lost with it (as if it died while queueing them).
    first.proc.kill('SIGKILL');
    await first.exited;
    const queue = new Queue('strata-sweeps', { connection: redis.client(), prefix: 'strata' });
    await queue.drain();
    await queue.close();

    const client = redis.client();
    const stored = await client.hlen(`strata:strata-sweeps:run:${runId}:rows`);
    client.disconnect();
    expect(stored, 'some, not all, combinations were stored before the coordinator died').toBeGreaterThan(0);
    expect(stored).toBeLessThan(12);

    const w2 = await startWorker(redis.url, 'w2');
    children.push(w2);
    const resumed = await runCli(['sweep', EXAMPLE, ...SAMPLE_PARAMS, '--executor', redis.url, '--resume', runId, '--results-db', db, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming run ${runId}: ${stored} of 12 combinations already stored; ${12 - stored} job(s) re-queued`);
    const doc = JSON.parse(resumed.stdout);
    expect(doc).toMatchObject({ runId, combinations: 12, skipped: 2 });

    const progress = JSON.parse(readFileSync(join(out, 'progress.json'), 'utf8'));
    expect(progress).toMatchObject({ state: 'done', done: 12, resumed: stored });
    expect(progress.workers.w1 + progress.workers.w2, 'each combination counted once, by the worker that stored it').toBe(12);
    expect(progress.workers.w1).toBe(stored);

    const local = await runCli(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--workers', '0', '--out', join(dir, 'local'), '--no-register']);
    expect(local.code, local.stderr).toBe(0);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'local', 'sweep.csv'), 'utf8'));
    expect(readFileSync(join(out, 'sweep.parquet')).equals(readFileSync(join(dir, 'local', 'sweep.parquet')))).toBe(true);
    const counts = await queryDb(db, `SELECT count(*)::INTEGER AS n, count(DISTINCT combination)::INTEGER AS d FROM sweep_results WHERE run_id = '${runId}'`);
    expect(counts[0]).toEqual({ n: 12, d: 12 });

    // A finished run cannot be resumed again; a mismatching grid is refused.
    const again = await runCli(['sweep', '--executor', redis.url, '--resume', runId, '--results-db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`run ${runId} has already finished; its results are in ${out}`);
    expect(await stop(w2)).toBe(0);
  }, 240_000);

  it('refuses --resume with a different grid', async () => {
    const out = join(dir, 'dist2');
    const c = strata(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--executor', redis.url, '--out', out, '--no-register']);
    children.push(c);
    const { runId } = await waitForProgress(out, (p) => p.state === 'running');
    c.proc.kill('SIGINT');
    expect(await c.exited, 'SIGINT stops the coordinator cleanly, leaving the jobs queued').toBe(1);
    expect(c.stderr()).toContain(`resume with strata sweep --executor ${redis.url} --resume ${runId}`);
    const r = await runCli(['sweep', EXAMPLE, '--param', 'risk.stopLoss=0.5', '--executor', redis.url, '--resume', runId, '--no-register']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the --param grid differs');
  }, 120_000);
});
