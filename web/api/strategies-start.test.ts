import { describe, expect, it } from 'vitest';
import { StrategyManager } from '../../engine/manager.ts';
import { testConfig } from '../../tests/web/fixtures.ts';
import { createApp } from '../app.ts';

function setup() {
  const manager = new StrategyManager();
  const app = createApp({ manager, resultsDb: null, runsDir: '/nonexistent' });
  const start = (body: unknown, opts: { key?: string; query?: string } = {}) =>
    app.request(`/api/v1/strategies/start${opts.query ?? ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(opts.key ? { 'Idempotency-Key': opts.key } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { manager, start };
}

describe('POST /api/v1/strategies/start', () => {
  it('50 parallel starts of one id: one 201, 49 conflicts (409), one strategy', async () => {
    const { manager, start } = setup();
    const res = await Promise.all(Array.from({ length: 50 }, () => start(testConfig('dup'))));
    const statuses = res.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201), 'exactly one started').toHaveLength(1);
    expect(statuses.filter((s) => s === 409), 'the others are conflicts').toHaveLength(49);
    expect(manager.list().map((s) => s.id)).toEqual(['dup']);
    const conflict = await res.find((r) => r.status === 409)!.json();
    expect(conflict.error).toMatch(/strategy "dup" exists/);
  });

  it('50 parallel retries with one Idempotency-Key all get the same 201 answer; one strategy runs', async () => {
    const { manager, start } = setup();
    const res = await Promise.all(Array.from({ length: 50 }, () => start(testConfig('once'), { key: 'k-1' })));
    expect(res.map((r) => r.status), 'every retry sees the first answer').toEqual(Array(50).fill(201));
    const bodies = await Promise.all(res.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b)))).toEqual(new Set([JSON.stringify({ id: 'once' })]));
    expect(manager.list()).toHaveLength(1);
    const other = await start(testConfig('once', { name: 'different' }), { key: 'k-1' });
    expect(other.status, 'the key reused for another request').toBe(422);
    expect((await start(testConfig('once'), { key: 'k-2' })).status, 'a new key for an existing id is still a conflict').toBe(409);
  });

  it('renames only when asked: ?rename=1 gives dup-2, dup-3, ...', async () => {
    const { manager, start } = setup();
    expect((await start(testConfig('dup'))).status).toBe(201);
    const res = await Promise.all(Array.from({ length: 3 }, () => start(testConfig('dup'), { query: '?rename=1' })));
    expect(res.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(manager.list().map((s) => s.id).sort()).toEqual(['dup', 'dup-2', 'dup-3', 'dup-4']);
  });

  it('a body nested 5,000 levels deep is a 400 naming the path, for start and for a config update', async () => {
    const { start, manager } = setup();
    // Written as text: JSON.stringify itself cannot go this deep.
    const nested = '{"x":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await start(JSON.stringify(testConfig('deep')).replace(/\}$/, `,"params":${nested}}`));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('the body is nested too deeply');
    expect(body.problems[0].path).toMatch(/^params\.x\.x\./);
    expect((await start(testConfig('ok'))).status).toBe(201);
    const app = createApp({ manager, resultsDb: null, runsDir: '/nonexistent' });
    const patch = await app.request('/api/v1/strategies/ok/config', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: `{"params":${nested}}` });
    expect(patch.status).toBe(400);
  });
});
