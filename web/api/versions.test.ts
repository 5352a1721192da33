import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StrategyManager } from '../../engine/manager.ts';
import { createApp } from '../app.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-web-versions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const CONFIG = {
  id: 'ema',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 } },
  rules: { entry: { condition: 'ema_crossover_bullish' }, exit: { condition: 'ema_crossover_bearish' } },
};

describe('/api/v1/versions', () => {
  it('records starts and PATCH edits, lists and diffs versions, rolls a running strategy back', async () => {
    const manager = new StrategyManager();
    const app = createApp({ manager, resultsDb: join(dir, 'r.duckdb'), runsDir: join(dir, 'runs') });
    const send = (method: string, path: string, body: unknown) => app.request(path, { method, headers: JSON_HEADERS, body: JSON.stringify(body) });
    expect((await send('POST', '/api/v1/strategies/start', CONFIG)).status).toBe(201);
    expect((await send('PATCH', '/api/v1/strategies/ema/config', { indicators: { fast: { period: 5 }, rsi: { type: 'rsi', period: 14 } } })).status).toBe(200);

    const hist = await (await app.request('/api/v1/versions/ema')).json();
    expect(hist.versions.map((v: { number: number; source: string }) => `${v.number}:${v.source}`)).toEqual(['1:start', '2:update']);
    expect(hist.current).toBe(hist.versions[1].hash);
    expect(hist.running).toBe('running');
    expect(await (await app.request('/api/v1/versions')).json()).toEqual([{ strategyId: 'ema', versions: 2, current: hist.versions[1].hash, updatedAt: expect.any(String) }]);

    const diff = await (await app.request(`/api/v1/versions/diff?from=ema@1&to=${hist.versions[1].hash.slice(0, 10)}`)).json();
    expect(diff.changes.map((c: { path: string; kind: string }) => `${c.path} ${c.kind}`)).toEqual(['indicators.fast.period changed', 'indicators.rsi added']);

    const rb = await send('POST', '/api/v1/versions/ema/rollback', { version: 1, note: 'from the dashboard' });
    expect(rb.status).toBe(200);
    const body = await rb.json();
    expect(body.version.number).toBe(1);
    expect(Object.keys(manager.getInstance('ema').config.indicators).sort()).toEqual(['fast', 'slow']); // the whole config is back: no rsi
    const after = await (await app.request('/api/v1/versions/ema')).json();
    expect(after.log.map((l: { reason: string; note: string | null }) => `${l.reason}:${l.note ?? ''}`)).toEqual(['start:', 'update:', 'rollback:from the dashboard']);
    expect(after.current).toBe(hist.versions[0].hash);

    expect((await send('POST', '/api/v1/versions/ema/rollback', { version: 'ema@9' })).status).toBe(404);
    expect((await send('POST', '/api/v1/versions/nope/rollback', { version: 1 })).status).toBe(404);
    expect((await send('POST', '/api/v1/versions/ema/rollback', {})).status).toBe(400);
  });

  it('without a results database the routes say so', async () => {
    const app = createApp({ manager: new StrategyManager(), resultsDb: null, runsDir: join(dir, 'runs') });
    const r = await app.request('/api/v1/versions/ema');
    expect(r.status).toBe(404);
    expect((await r.json()).error).toMatch(/no results database/);
  });
});
