/**
 * Optimisation trials on the Redis queue: the same seed gives the table of a local run, whichever workers take
 * the jobs; a coordinator killed mid-run is resumed with --resume and continues the same trial sequence.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOptimizeJob, type OptimizeJob } from '../../backtest/research/optimize/optimize-job.ts';
import { resumeQueuedOptimize } from '../../backtest/research/optimize/queue-coordinator.ts';
import { DEFAULT_PRUNE, type OptimizeSpec } from '../../backtest/research/optimize/settings.ts';
import { EXAMPLE } from './fixtures.ts';
import { HAVE_REDIS, NO_REDIS_MESSAGE, startRedis, startWorker, stop, strata, type Child, type RedisServer } from './helpers.ts';

if (!HAVE_REDIS) console.warn(NO_REDIS_MESSAGE);

const DATA = { paths: ['data/samples/UNITTEST_BTC-5m.feather'], symbol: 'BTC/USDT' };
const PARAMS = ['indicators.macd.fastPeriod=int:4:20', 'indicators.macd.slowPeriod=int:10:60', 'risk.stopLoss=float:0.005:0.05:log'];
const SPEC: OptimizeSpec = { params: PARAMS, conditions: ['slowPeriod > fastPeriod + 2'], objectives: ['sharpe_per_bar'], constraints: ['trades >= 60'], search: 'tpe', sequence: 'uniform', trials: 16, seed: 9, batchSize: 4, prune: { ...DEFAULT_PRUNE, maxDrawdown: 0.03 } };

/** trials.csv without its last column (wall_ms, measured time). */
const table = (dir: string) =>
  readFileSync(join(dir, 'trials.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.slice(0, l.lastIndexOf(',')))
    .join('\n');

describe.skipIf(!HAVE_REDIS)('optimisation on the queue', () => {
  let dir: string;
  let redis: RedisServer;
  const children: Child[] = [];
  const job = (out: string, extra: Partial<OptimizeJob> = {}): OptimizeJob => ({ configPath: EXAMPLE, data: DATA, spec: SPEC, outDir: join(dir, out), resultsDb: null, command: 'test', now: () => new Date('2024-01-01T00:00:00Z'), ...extra });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-opt-queue-'));
    redis = await startRedis();
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the table of a local run with two queue workers', async () => {
    const local = await runOptimizeJob(job('local', { workers: 0 }));
    const w1 = await startWorker(redis.url, 'w1');
    const w2 = await startWorker(redis.url, 'w2');
    children.push(w1, w2);
    const queued = await runOptimizeJob(job('queued', { executor: { url: redis.url, pollMs: 20 } }));
    expect(table(queued.outDir)).toBe(table(local.outDir));
    const ex = queued.manifest.executor as { perWorker: Record<string, number>; jobs: number };
    const ran = queued.study.windows[0].trials.filter((t) => t.status !== 'invalid' && t.repeatOf === null).length;
    expect(Object.values(ex.perWorker).reduce((a, b) => a + b, 0), 'every replayed trial came from a queue worker').toBe(ran);
    expect(queued.study.windows[0].trials.some((t) => t.status === 'infeasible' || t.status === 'pruned'), 'constraints and pruning travel too').toBe(true);
    expect(await stop(w1)).toBe(0);
    expect(await stop(w2)).toBe(0);
  }, 180_000);

  it('resumes after the coordinator is killed and continues the same trial sequence', async () => {
    const out = join(dir, 'resumed');
    const args = ['optimize', EXAMPLE, '--data', DATA.paths[0], '--symbol', 'BTC/USDT', ...PARAMS.flatMap((p) => ['--param', p]), '--condition', SPEC.conditions[0], '--constraint', SPEC.constraints[0], '--prune-drawdown', '0.03'];
    const more = ['--search', 'tpe', '--trials', '16', '--seed', '9', '--batch', '4', '--no-register'];
    const coordinator = strata([...args, ...more, '--executor', redis.url, '--out', out]);
    children.push(coordinator);
    const [, runId] = await coordinator.waitFor(/run (\S+): 16 trial/);
    const w1 = await startWorker(redis.url, 'w1');
    children.push(w1);
    // Two jobs done (of at least four per batch), then the coordinator dies and the worker stops.
    await w1.waitFor(/job \S+ done[\s\S]*job \S+ done/);
    coordinator.proc.kill('SIGKILL');
    await coordinator.exited;
    expect(await stop(w1)).toBe(0);
    const client = redis.client();
    const stored = await client.hlen(`strata:strata-sweeps:run:${runId}:rows`);
    client.disconnect();
    expect(stored, 'some, not all, trials were stored before the coordinator died').toBeGreaterThan(0);
    expect(stored).toBeLessThan(16);

    const w2 = await startWorker(redis.url, 'w2');
    children.push(w2);
    const logs: string[] = [];
    const resumed = await resumeQueuedOptimize(runId, { url: redis.url, pollMs: 20, log: (l) => logs.push(l) });
    expect(logs.join('\n')).toContain(`resuming optimisation ${runId}`);
    expect((resumed.manifest.executor as { reusedResults: number }).reusedResults, 'stored results were reused, not replayed').toBeGreaterThanOrEqual(stored);
    const local = await runCliLocal([...args, ...more, '--workers', '0', '--out', join(dir, 'resumed-local')]);
    expect(local.code, local.stderr).toBe(0);
    expect(table(out), 'the resumed run is the local run').toBe(table(join(dir, 'resumed-local')));
    expect(await stop(w2)).toBe(0);
    await expect(resumeQueuedOptimize(runId, { url: redis.url })).rejects.toThrow(/not known to the queue/);
  }, 240_000);
});

async function runCliLocal(args: string[]): Promise<{ code: number | string; stderr: string }> {
  const c = strata(args);
  const code = await c.exited;
  return { code, stderr: c.stderr() };
}
