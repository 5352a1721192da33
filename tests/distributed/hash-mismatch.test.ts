/**
 * Workers refuse data whose hash differs from the job's (the job fails at once, naming both hashes, and the
 * coordinator stops with that message); a malformed job fails without crashing the worker; once the data is
 * put back, --resume retries the failed jobs and finishes with the local table.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../backtest/cli-helpers.ts';
import { EXAMPLE, SAMPLE, SAMPLE_PARAMS } from './fixtures.ts';
import { HAVE_REDIS, NO_REDIS_MESSAGE, sleep, startRedis, startWorker, stop, strata, waitForProgress, type Child, type RedisServer } from './helpers.ts';

if (!HAVE_REDIS) console.warn(NO_REDIS_MESSAGE);

describe.skipIf(!HAVE_REDIS)('data hash check and malformed jobs', () => {
  let dir: string;
  let redis: RedisServer;
  const children: Child[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-dist-hash-'));
    redis = await startRedis();
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the sweep naming the expected and actual hash; a malformed job fails alone; --resume finishes once the data is back', async () => {
    const out = join(dir, 'dist');
    const shared = join(dir, 'shared');
    const db = join(dir, 'results.duckdb');
    const coordinator = strata(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--executor', redis.url, '--shared-data', shared, '--batch', '3', '--out', out, '--results-db', db]);
    children.push(coordinator);
    const { runId } = await waitForProgress(out, (p) => p.state === 'running');
    const spec = JSON.parse(readFileSync(join(out, 'distributed.json'), 'utf8'));
    const file = fileURLToPath(spec.data.uri);
    expect(file.startsWith(shared), 'the coordinator exported the candles into the shared directory').toBe(true);
    const original = readFileSync(file);
    expect(createHash('sha256').update(original).digest('hex')).toBe(spec.data.sha256);

    // Someone rewrites the shared file before any worker reads it.
    const tampered = Buffer.concat([original, Buffer.from('tampered')]);
    writeFileSync(file, tampered);
    const actual = createHash('sha256').update(tampered).digest('hex');

    const worker = await startWorker(redis.url, 'w1');
    children.push(worker);
    expect(await coordinator.exited, coordinator.stderr()).toBe(1);
    expect(coordinator.stderr()).toContain(`data hash mismatch for ${spec.data.uri}: expected sha256 ${spec.data.sha256}, found ${actual}`);
    expect(coordinator.stderr(), 'the message says how to go on').toContain(`--resume ${runId}`);
    expect(JSON.parse(readFileSync(join(out, 'progress.json'), 'utf8'))).toMatchObject({ state: 'failed', done: 0 });

    const queue = new Queue('strata-sweeps', { connection: redis.client(), prefix: 'strata' });
    try {
      const failed = await queue.getFailed();
      const ours = failed.find((j) => j.id === `${runId}-b0`);
      expect(ours?.attemptsMade, 'a hash mismatch is not retried').toBe(1);

      // A malformed job fails on its own; the worker keeps running.
      await queue.add('sweep', { v: 1, runId: 'junk', base: { symbol: 42 } } as never, { jobId: 'malformed-1', attempts: 3 });
      await worker.waitFor(/job malformed-1 failed: malformed job/);
      const junk = await queue.getJob('malformed-1');
      expect(junk?.failedReason).toMatch(/^malformed job: /);
      expect(junk?.attemptsMade, 'a malformed job is not retried').toBe(1);
      await sleep(200);
      expect(worker.proc.exitCode, 'the worker did not crash').toBeNull();
    } finally {
      await queue.close();
    }

    // Put the data back; the same worker resumes the run.
    writeFileSync(file, original);
    const resumed = await runCli(['sweep', '--executor', redis.url, '--resume', runId, '--results-db', db]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming run ${runId}: 0 of 12 combinations already stored; 4 job\\(s\\) re-queued`));
    const local = await runCli(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--workers', '0', '--out', join(dir, 'local'), '--no-register']);
    expect(local.code, local.stderr).toBe(0);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'local', 'sweep.csv'), 'utf8'));
    expect(await stop(worker)).toBe(0);
  }, 240_000);
});
