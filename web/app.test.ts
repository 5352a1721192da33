import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrategyManager } from '../engine/manager.ts';
import { sampleRun, tempDir, testConfig } from '../tests/web/fixtures.ts';
import { createApp } from './app.ts';
import { writeGateFile } from '../bench/gate-file.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function setup(opts: { token?: string; bodyLimit?: number } = {}) {
  const manager = new StrategyManager();
  const app = createApp({ manager, runsDir: runs.dir, resultsDb: null, ...opts });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { manager, app, post };
}

let runs: { dir: string; cleanup: () => void };
let runId: string;
let runId2: string;

beforeAll(async () => {
  runs = tempDir();
  runId = (await sampleRun(runs.dir)).runId;
  runId2 = (await sampleRun(runs.dir, ['macd_btc_15m.json'], new Date('2026-01-03T00:00:00Z'))).runId;
  writeFileSync(join(runs.dir, 'secret.txt'), 'TOP-SECRET');
});
afterAll(() => runs.cleanup());

describe('strategy API (the seed endpoints)', () => {
  it('starts a strategy from a config body and returns its id', async () => {
    const { app, post, manager } = setup();
    const res = await post('/api/v1/strategies/start', testConfig('a1'));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'a1' });
    expect(manager.has('a1'), 'the manager runs it').toBe(true);
    const active = await (await app.request('/api/v1/strategies/active')).json();
    expect(active).toEqual([{ id: 'a1', name: 'Test a1', symbol: 'BTC/USDT', timeframe: '1m', status: 'running' }]);
  });

  it('returns the seed StrategyMetrics for a strategy', async () => {
    const { app, post } = setup();
    await post('/api/v1/strategies/start', testConfig('m1'));
    const m = await (await app.request('/api/v1/strategies/m1/metrics')).json();
    expect(m.id).toBe('m1');
    expect(m.status).toBe('running');
    expect(Object.keys(m.performance)).toEqual(expect.arrayContaining(['totalReturn', 'winRate', 'sharpeRatio', 'maxDrawdown', 'totalTrades']));
    expect(Object.keys(m.current)).toEqual(expect.arrayContaining(['position', 'unrealizedPnL', 'lastSignal', 'lastUpdate']));
    expect(Object.keys(m.risk)).toEqual(['currentExposure', 'riskScore', 'violatedLimits']);
  });

  it('400 lists every problem with its path (schema and rule errors together)', async () => {
    const { post, manager } = setup();
    const res = await post('/api/v1/strategies/start', {
      timeframe: '7x',
      indicators: { macd: { fastPeriod: 30, slowPeriod: 26 } },
      rules: { entry: { condition: 'macd_crossover_bullish AND' } },
      risk: { stopLoss: 5 },
      colour: 'red',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid strategy config');
    const paths = body.problems.map((p: { path: string }) => p.path);
    expect(paths, 'every problem, not only the first').toEqual(expect.arrayContaining(['symbol', 'timeframe', 'indicators.macd.fastPeriod', 'risk.stopLoss', 'colour', 'rules.entry.condition']));
    for (const p of body.problems) expect(typeof p.message).toBe('string');
    expect(manager.list(), 'nothing started').toEqual([]);
  });

  it('400 for malformed JSON, 415 for a body that is not JSON', async () => {
    const { app, post } = setup();
    const bad = await post('/api/v1/strategies/start', '{"symbol": ');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('invalid JSON');
    const form = await app.request('/api/v1/strategies/start', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'symbol=BTC' });
    expect(form.status).toBe(415);
  });

  it('413 for a body over the limit', async () => {
    const { post } = setup({ bodyLimit: 1024 });
    const res = await post('/api/v1/strategies/start', { ...testConfig('big'), name: 'x'.repeat(4000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/limit/);
  });

  it('422 for a valid config the engine cannot run (a code module that is not loaded)', async () => {
    const { post } = setup();
    const { rules: _r, ...noRules } = testConfig('mod1');
    const res = await post('/api/v1/strategies/start', { ...noRules, module: './evil.ts' });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/not loaded/);
  });

  it('404 for unknown ids on every strategy route', async () => {
    const { app } = setup();
    const cases: [string, string][] = [
      ['GET', '/api/v1/strategies/nope'],
      ['GET', '/api/v1/strategies/nope/metrics'],
      ['DELETE', '/api/v1/strategies/nope'],
      ['PUT', '/api/v1/strategies/nope/pause'],
      ['PUT', '/api/v1/strategies/nope/resume'],
      ['PUT', '/api/v1/strategies/nope/restart'],
      ['PATCH', '/api/v1/strategies/nope/config'],
    ];
    for (const [method, path] of cases) {
      const res = await app.request(path, { method, headers: JSON_HEADERS, body: method === 'PATCH' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await res.json()).error).toMatch(/unknown strategy "nope"/);
    }
  });

  it('pause, resume, restart and stop change the status; invalid transitions are 409', async () => {
    const { app, post, manager } = setup();
    await post('/api/v1/strategies/start', testConfig('p1'));
    const put = (action: string) => app.request(`/api/v1/strategies/p1/${action}`, { method: 'PUT' });
    expect((await (await put('pause')).json()).status).toBe('paused');
    expect((await put('pause')).status, 'already paused').toBe(409);
    expect((await (await put('resume')).json()).status).toBe('running');
    expect((await put('resume')).status, 'not paused').toBe(409);
    const stopped = await app.request('/api/v1/strategies/p1', { method: 'DELETE' });
    expect((await stopped.json()).status).toBe('stopped');
    expect(await (await app.request('/api/v1/strategies/active')).json(), 'stopped is not active').toEqual([]);
    expect((await (await put('restart')).json()).status).toBe('running');
    expect(manager.getMetrics('p1').status).toBe('running');
  });

  it('PATCH config deep-merges into the running strategy; invalid changes are 400 with paths', async () => {
    const { app, post, manager } = setup();
    await post('/api/v1/strategies/start', testConfig('c1'));
    const patch = (body: unknown) => app.request('/api/v1/strategies/c1/config', { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify(body) });
    const ok = await patch({ indicators: { slow: { period: 12 } }, risk: { stopLoss: 0.05 } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).config.indicators.slow.period).toBe(12);
    expect(manager.getInstance('c1').config.risk.stopLoss).toBe(0.05);

    const bad = await patch({ indicators: { slow: { period: -3 } }, rules: { exit: { condition: 'nonsense > 1' } } });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['indicators.slow.period']));
    expect(manager.getInstance('c1').config.indicators.slow, 'unchanged after a refused update').toMatchObject({ period: 12 });

    const symbol = await patch({ symbol: 'ETH/USDT' });
    expect(symbol.status).toBe(400);
    expect((await symbol.json()).problems[0].message).toMatch(/cannot change symbol/);
    const notObject = await patch([1, 2]);
    expect(notObject.status).toBe(400);
  });

  it('GET one strategy returns its summary, parsed config and metrics', async () => {
    const { app, post } = setup();
    await post('/api/v1/strategies/start', testConfig('g1'));
    const s = await (await app.request('/api/v1/strategies/g1')).json();
    expect(s).toMatchObject({ id: 'g1', status: 'running', config: { symbol: 'BTC/USDT', capital: 10000 }, metrics: { id: 'g1' } });
    expect((await (await app.request('/api/v1/strategies')).json()).map((x: { id: string }) => x.id)).toEqual(['g1']);
  });
});

describe('CSRF: mutating requests check Origin', () => {
  it('refuses a foreign Origin and cross-site fetches, allows same-origin and no Origin', async () => {
    const { post, manager } = setup();
    const foreign = await post('/api/v1/strategies/start', testConfig('x1'), { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const nullOrigin = await post('/api/v1/strategies/start', testConfig('x1'), { Origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const crossSite = await post('/api/v1/strategies/start', testConfig('x1'), { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const lookalike = await post('/api/v1/strategies/start', testConfig('x1'), { Origin: 'http://localhost.evil.example', Host: 'localhost' });
    expect(lookalike.status).toBe(403);
    const rebound = await post('/api/v1/strategies/start', testConfig('x1'), { Origin: 'http://evil.example:8080', Host: 'evil.example:8080' });
    expect(rebound.status, 'same-origin by name, but a foreign Host: DNS rebinding').toBe(403);
    expect((await setup().app.request('/api/v1/strategies/active', { headers: { Host: 'evil.example' } })).status, 'reads too').toBe(403);
    expect(manager.list(), 'none of those started anything').toEqual([]);
    const same = await post('/api/v1/strategies/start', testConfig('x1'), { Origin: 'http://127.0.0.1:8080', Host: '127.0.0.1:8080' });
    expect(same.status).toBe(201);
    const cli = await post('/api/v1/strategies/start', testConfig('x2'));
    expect(cli.status, 'no Origin: a non-browser client').toBe(201);
  });

  it('checks PUT, PATCH and DELETE too', async () => {
    const { app, post } = setup();
    await post('/api/v1/strategies/start', testConfig('x3'));
    const evil = { Origin: 'https://evil.example' };
    expect((await app.request('/api/v1/strategies/x3/pause', { method: 'PUT', headers: evil })).status).toBe(403);
    expect((await app.request('/api/v1/strategies/x3', { method: 'DELETE', headers: evil })).status).toBe(403);
    expect((await app.request('/api/v1/strategies/x3/config', { method: 'PATCH', headers: { ...evil, ...JSON_HEADERS }, body: '{}' })).status).toBe(403);
  });
});

describe('token', () => {
  const token = 'correct-horse-battery';

  it('every API call needs it: Bearer header or ?token=', async () => {
    const { app } = setup({ token });
    expect((await app.request('/api/v1/strategies/active')).status).toBe(401);
    expect((await app.request('/api/v1/strategies/active', { headers: { Authorization: 'Bearer wrong-token-here' } })).status).toBe(401);
    expect((await app.request('/api/v1/strategies/active', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await app.request(`/api/v1/strategies/active?token=${token}`)).status).toBe(200);
    expect((await app.request('/api/v1/runs')).status).toBe(401);
    expect((await app.request('/reports')).status, 'pages too').toBe(401);
    expect((await app.request('/static/dashboard.js')).status).toBe(401);
  });

  it('a page opened with ?token= sets an HttpOnly SameSite cookie and drops the token from the URL', async () => {
    const { app } = setup({ token });
    const res = await app.request(`/reports?token=${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/reports');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const next = await app.request('/reports', { headers: { Cookie: cookie.split(';')[0] } });
    expect(next.status).toBe(200);
  });

  it('mutations need the token even from the same origin', async () => {
    const { post } = setup({ token });
    expect((await post('/api/v1/strategies/start', testConfig('t1'))).status).toBe(401);
    expect((await post('/api/v1/strategies/start', testConfig('t1'), { Authorization: `Bearer ${token}` })).status).toBe(201);
  });
});

describe('schema and OpenAPI', () => {
  it('serves the config JSON Schema', async () => {
    const { app } = setup();
    const s = await (await app.request('/api/v1/schema/strategy-config')).json();
    expect(s.type).toBe('object');
    expect(s.properties.symbol).toBeDefined();
    expect(s.required).toEqual(expect.arrayContaining(['symbol', 'timeframe']));
  });

  it('describes the seed endpoints in OpenAPI 3', async () => {
    const { app } = setup();
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/strategies/start'].post).toBeDefined();
    expect(doc.paths['/api/v1/strategies/{id}'].delete).toBeDefined();
    expect(doc.paths['/api/v1/strategies/{id}/pause'].put).toBeDefined();
    expect(doc.paths['/api/v1/strategies/active'].get).toBeDefined();
    expect(doc.paths['/api/v1/strategies/{id}/metrics'].get).toBeDefined();
    expect(doc.components.schemas.StrategyConfig.properties.symbol).toBeDefined();
  });
});

describe('runs API', () => {
  it('lists the run folders, newest first', async () => {
    const { app } = setup();
    const list = await (await app.request('/api/v1/runs')).json();
    expect(list.map((r: { runId: string }) => r.runId)).toEqual([runId2, runId]);
    expect(list[1]).toMatchObject({ kind: 'backtest', strategies: 3, source: 'folder' });
  });

  it('returns a run (manifest and metrics), its trades and downsampled equity', async () => {
    const { app } = setup();
    const run = await (await app.request(`/api/v1/runs/${runId}`)).json();
    expect(run.manifest.runId).toBe(runId);
    expect(run.metrics.strategies).toHaveLength(3);
    const trades = await (await app.request(`/api/v1/runs/${runId}/trades?strategy=macd_btc_15m&limit=5`)).json();
    expect(trades.total).toBe(run.metrics.strategies.find((s: { id: string }) => s.id === 'macd_btc_15m').metrics.performance.totalTrades);
    expect(trades.trades).toHaveLength(5);
    expect(trades.trades[0].entry_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const eq = await (await app.request(`/api/v1/runs/${runId}/equity?points=200`)).json();
    const ids = eq.series.map((s: { id: string }) => s.id).sort();
    expect(ids).toEqual(['__portfolio__', 'bollinger_btc_5m', 'ema_btc_1h', 'macd_btc_15m']);
    for (const s of eq.series) {
      expect(s.time.length, `${s.id} downsampled to about 200 points`).toBeLessThanOrEqual(200);
      expect(s.time.length).toBe(s.equity.length);
    }
    const byPrefix = await app.request(`/api/v1/runs/${runId.slice(0, 12)}`);
    expect(byPrefix.status, 'a unique prefix of the folder name').toBe(200);
  });

  it('404 for an unknown run, 400 for bad paging', async () => {
    const { app } = setup();
    expect((await app.request('/api/v1/runs/no-such-run')).status).toBe(404);
    expect((await app.request('/api/v1/runs/no-such-run/trades')).status).toBe(404);
    expect((await app.request(`/api/v1/runs/${runId}/trades?limit=-1`)).status).toBe(400);
    expect((await app.request(`/api/v1/runs/${runId}/equity?points=abc`)).status).toBe(400);
  });

  it('distributed sweep progress is mounted at /api/v1/sweeps/:runId (404 for a sweep nobody coordinates)', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/sweeps/no-such-sweep');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/no distributed sweep no-such-sweep/);
  });
});

describe('path traversal', () => {
  const attempts = [
    '/reports/..%2fsecret.txt',
    '/reports/%2e%2e%2fsecret.txt',
    '/reports/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/reports/..%5csecret.txt',
    '/reports/%5c..%5c..%5cwindows',
    '/reports/%252e%252e%252fsecret.txt',
    '/reports/%2Fetc%2Fpasswd',
    '/reports/..%00/x',
    '/static/..%2fapp.ts',
    '/static/%2e%2e%2f%2e%2e%2fpackage.json',
    '/static/%2Fetc%2Fpasswd',
    '/static/..%5c..%5cpackage.json',
    '/api/v1/runs/..%2fsecret.txt',
    '/api/v1/runs/%2e%2e%2f%2e%2e%2f/trades',
    '/reports/foo%5c..%5c..%5csecret.txt/download',
  ];
  for (const path of attempts) {
    it(`refuses ${path}`, async () => {
      const { app } = setup();
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).not.toMatch(/TOP-SECRET|root:|"name": "strata"/);
    });
  }

  it('normalised dot segments never reach a file outside the folders', async () => {
    const { app } = setup();
    for (const path of ['/static/../app.ts', '/reports/../../etc/passwd', '/static/./../../package.json', '/reports/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await app.request(path);
      expect([400, 404], path).toContain(res.status);
      expect(await res.text()).not.toMatch(/TOP-SECRET|root:|createApp|"name": "strata"/);
    }
  });

  it('unsafe names are unknown runs, not paths', async () => {
    const { app } = setup();
    expect((await app.request('/reports/secret.txt')).status).toBe(404);
    expect((await app.request('/static/index.html')).status).toBe(200);
    expect((await app.request('/static/missing.js')).status).toBe(404);
    expect((await app.request('/static/pages.ts')).status, 'only the static folder, only known types').toBe(404);
  });
});

describe('pages', () => {
  it('serves the dashboard and its assets', async () => {
    const { app } = setup();
    const home = await app.request('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await home.text()).toMatch(/Strata dashboard/);
    const js = await app.request('/static/dashboard.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves a run report, its download, the runs list and a comparison', async () => {
    const { app } = setup();
    const report = await app.request(`/reports/${runId}`);
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/href="\/reports"/);
    const dl = await app.request(`/reports/${runId}/download`);
    expect(dl.headers.get('content-disposition')).toMatch(/attachment/);
    expect(await dl.text(), 'the download is the standalone file').not.toMatch(/href="\/reports"/);
    expect(await (await app.request('/reports')).text()).toContain(runId);
    const cmp = await app.request(`/reports/compare?runs=${runId},${runId2}`);
    expect(cmp.status).toBe(200);
    expect(await cmp.text()).toMatch(/Comparing 2 runs/);
    expect((await app.request(`/reports/compare?runs=${runId}`)).status).toBe(400);
    expect((await app.request(`/reports/compare?runs=${runId},nope`)).status).toBe(404);
  });

  it('unknown API routes are JSON 404s', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/no route/);
  });
});

describe('benchmarks page', () => {
  it('shows the latest figures against the baseline, floors and history, judged like the gate', async () => {
    const bench = join(runs.dir, 'bench');
    mkdirSync(join(bench, 'results'), { recursive: true });
    mkdirSync(join(bench, 'history'), { recursive: true });
    const machine = { node: 'v20', cpuModel: 'cpu', cpuCount: 2, loadAverage1m: 0.1 };
    writeFileSync(join(bench, 'results', 'latency.json'), JSON.stringify({
      suite: 'latency', description: 'candle -> signal', mode: 'quick', startedAt: '2026-01-03T00:00:00.000Z', durationMs: 1, machine, calibration: { nsPerIteration: 5 },
      figures: [
        { name: 'p99', value: 2000, unit: 'ns', samples: 100, better: 'lower', gated: true, ratio: 400, floor: { value: 50000, source: 'issue 11' } },
        { name: 'rate', value: 1000, unit: 'updates/s', samples: 3, better: 'higher', gated: true, ratio: 5000 },
      ],
    }));
    writeFileSync(join(bench, 'baseline.json'), JSON.stringify({ version: 1, createdAt: '2026-01-01T00:00:00.000Z', mode: 'quick', tolerance: 0.3, machine, calibrationNs: 5,
      figures: { 'latency/p99': { value: 1000, unit: 'ns', better: 'lower', ratio: 200 }, 'latency/rate': { value: 1000, unit: 'updates/s', better: 'higher', ratio: 5000 } } }));
    writeFileSync(join(bench, 'history', '2026-01-01.json'), JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z', mode: 'quick', figures: [{ key: 'latency/p99', value: 1000, unit: 'ns', better: 'lower' }] }));
    writeGateFile(bench); // what every bench run does after writing its results
    const app = createApp({ manager: new StrategyManager(), runsDir: runs.dir, resultsDb: null, benchDir: bench });
    const html = await (await app.request('/bench')).text();
    expect(html).toMatch(/Gate: 1 failure/);
    expect(html).toMatch(/latency\/p99 regressed \+100\.0%/);
    expect(html).toMatch(/≤ 50,000/);
    expect(html).toContain('<tr class="bad" data-key="latency/p99">');
    expect(html.match(/<svg/g)!.length, 'a trend per figure').toBeGreaterThanOrEqual(2);
    const api = await (await app.request('/api/v1/bench')).json();
    expect(api.gate.ok).toBe(false);
    expect(api.history).toEqual([{ createdAt: '2026-01-01T00:00:00.000Z', mode: 'quick', figures: 1 }]);
    const empty = createApp({ manager: new StrategyManager(), runsDir: runs.dir, resultsDb: null, benchDir: join(runs.dir, 'nowhere') });
    expect(await (await empty.request('/bench')).text()).toMatch(/No results yet/);
  });
});
