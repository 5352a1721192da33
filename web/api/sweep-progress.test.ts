import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../backtest/research/distributed/progress.ts';
import { sweepProgressRoutes } from './sweep-progress.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-progress-route-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GET /api/v1/sweeps/:runId (sweepProgressRoutes)', () => {
  it('answers the progress a coordinator wrote, found by run id through its pointer', async () => {
    let t = 1_000_000;
    const outDir = join(dir, 'elsewhere', 'my-run');
    const indexDir = join(dir, 'index');
    const tracker = new ProgressTracker({ runId: 'R1', total: 10, jobs: 5, queue: { url: 'redis://:***@h:1', name: 'q' }, outDir, indexDir }, () => t);
    tracker.add('a', true);
    tracker.add('a');
    tracker.add('b');
    t += 2000;
    tracker.flush(true);
    const app = sweepProgressRoutes({ runsDir: join(dir, 'runs'), indexDir });
    const res = await app.request('/R1');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ runId: 'R1', state: 'running', total: 10, done: 3, resumed: 1, workers: { a: 2, b: 1 }, outDir });
    expect(body.rate, 'rate counts this coordinator\'s results only: 2 in 2 s').toBe(1);
    expect(body.etaSeconds).toBe(7);
  });

  it('404 for an unknown or malformed run id', async () => {
    mkdirSync(join(dir, 'runs'), { recursive: true });
    const app = sweepProgressRoutes({ runsDir: join(dir, 'runs'), indexDir: join(dir, 'index') });
    expect((await app.request('/nope')).status).toBe(404);
    expect((await app.request('/..%2F..%2Fetc')).status).toBe(404);
  });
});
