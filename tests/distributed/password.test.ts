/**
 * A Redis password in the queue URL (or in STRATA_REDIS_PASSWORD) is used but never shown: not in logs,
 * progress, the manifest, the run folder or the results database. A wrong password fails cleanly, masked.
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDb, runCli } from '../backtest/cli-helpers.ts';
import { EXAMPLE, SAMPLE, SAMPLE_PARAMS } from './fixtures.ts';
import { HAVE_REDIS, NO_REDIS_MESSAGE, startRedis, startWorker, stop, type Child, type RedisServer } from './helpers.ts';

if (!HAVE_REDIS) console.warn(NO_REDIS_MESSAGE);

const SECRET = 'Sup3r-s3cret-pw';

describe.skipIf(!HAVE_REDIS)('Redis password masking', () => {
  let dir: string;
  let redis: RedisServer;
  const children: Child[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-dist-pw-'));
    redis = await startRedis({ password: SECRET });
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with the password and never prints or stores it', async () => {
    expect(redis.url).toContain(SECRET);
    const masked = `redis://:***@127.0.0.1:${redis.port}`;
    const plain = `redis://127.0.0.1:${redis.port}`;
    const w1 = await startWorker(redis.url, 'w1');
    // The second worker gets the password from the environment instead of its command line.
    const w2 = await startWorker(plain, 'w2', [], { STRATA_REDIS_PASSWORD: SECRET });
    children.push(w1, w2);
    const out = join(dir, 'dist');
    const db = join(dir, 'results.duckdb');
    const r = await runCli(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--executor', redis.url, '--batch', '2', '--out', out, '--results-db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(await stop(w1)).toBe(0);
    expect(await stop(w2)).toBe(0);

    const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr, 'worker 1': w1.stderr(), 'worker 2': w2.stderr() };
    for (const f of readdirSync(out)) if (/\.(json|csv)$/.test(f)) texts[f] = readFileSync(join(out, f), 'utf8');
    const runs = await queryDb(db, 'SELECT command, summary_json FROM runs');
    texts['results db'] = JSON.stringify(runs);
    for (const [where, text] of Object.entries(texts)) expect(text, `no password in ${where}`).not.toContain(SECRET);

    expect(r.stderr).toContain(`queued on ${masked}`);
    expect(w1.stderr()).toContain(`waiting for jobs on ${masked}`);
    const manifest = JSON.parse(texts['manifest.json']);
    expect(manifest.command).toContain(`--executor ${masked}`);
    expect(manifest.executor.url).toBe(masked);
    expect(runs[0].command).toContain(masked);
    expect(Object.keys(manifest.executor.perWorker).sort(), 'both workers connected with the password').toEqual(['w1', 'w2']);
  }, 240_000);

  it('a wrong password fails with a masked message', async () => {
    const wrong = `redis://:not-the-${SECRET}@127.0.0.1:${redis.port}`;
    const r = await runCli(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--executor', wrong, '--no-register', '--out', join(dir, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the queue at redis://:***@127.0.0.1:${redis.port}`);
    expect(r.stderr).not.toContain(SECRET);
    const w = await runCli(['worker', '--queue', wrong]);
    expect(w.code).toBe(1);
    expect(w.stderr).not.toContain(SECRET);
    const bad = await runCli(['sweep', EXAMPLE, ...SAMPLE, ...SAMPLE_PARAMS, '--executor', `http://:${SECRET}@h:1`]);
    expect(bad.code, 'a URL that is not redis:// is a usage error').toBe(2);
    expect(bad.stderr).not.toContain(SECRET);
  }, 120_000);
});
