import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { HealthMonitor } from '../../backtest/live/alerts/health-monitor.ts';
import { ProgressTracker } from '../../backtest/research/distributed/progress.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { sampleRun, tempDir, testConfig } from '../../tests/web/fixtures.ts';
import { createApp } from '../app.ts';
import { strategyConfigJsonSchema } from './json-schema.ts';
import { openApiDocument } from './openapi.ts';
import { openApiPath, SpecRouter } from './route-spec.ts';
import * as S from './schemas.ts';
import { sweepProgressRoutes } from './sweep-progress.ts';

type Json = Record<string, any>;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

let tmp: { dir: string; cleanup: () => void };
let runId: string;
beforeAll(async () => {
  tmp = tempDir('strata-openapi-');
  runId = (await sampleRun(join(tmp.dir, 'runs'), ['ema_btc_1h.json'])).runId;
});
afterAll(() => tmp.cleanup());

function setup(resultsDb: string | null = null) {
  const manager = new StrategyManager();
  const app = createApp({ manager, runsDir: join(tmp.dir, 'runs'), resultsDb });
  const doc = async () => (await (await app.request('/api/v1/openapi.json')).json()) as Json;
  return { manager, app, doc };
}

describe('the OpenAPI document is generated from the routes', () => {
  it('lists every route the app serves, with its method, and nothing it does not serve', async () => {
    const { app, doc } = setup();
    const d = await doc();
    const served = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
    const documented = Object.entries(d.paths as Json).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    expect(new Set(served).size, 'no route is registered twice').toBe(served.length);
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served.length, 'API routes and pages').toBeGreaterThanOrEqual(30);
  });

  it('gives every operation a unique id, its path parameters and real schemas (no bare {type: object})', async () => {
    const d = await setup().doc();
    const ids: string[] = [];
    for (const [path, item] of Object.entries(d.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        expect(METHODS).toContain(method);
        ids.push(op.operationId);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
        expect(declared, `${method} ${path}: path parameters`).toEqual(inPath);
        for (const [status, r] of Object.entries(op.responses as Json)) {
          const schema = r.content?.['application/json']?.schema;
          if (schema) expect(schema, `${method} ${path} ${status}`).not.toEqual({ type: 'object' });
        }
      }
    }
    expect(new Set(ids).size, 'operation ids are unique').toBe(ids.length);
    expect(d.paths['/api/v1/strategies/start'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/StrategyConfig' });
    expect(d.paths['/api/v1/versions/{id}/rollback'].post.requestBody.content['application/json'].schema.required).toEqual(['version']);
    expect(d.paths['/api/v1/runs'].get.parameters).toEqual([{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }]);
    expect(d.paths['/api/v1/versions/diff'].get.parameters.map((p: Json) => `${p.name}:${p.required}`)).toEqual(['from:true', 'to:true']);
  });

  it('documents the status codes the handlers and middleware answer with', async () => {
    const d = await setup().doc();
    const statuses = (method: string, path: string) => Object.keys(d.paths[path][method].responses).map(Number);
    expect(statuses('post', '/api/v1/strategies/start')).toEqual(expect.arrayContaining([201, 400, 403, 413, 415, 422]));
    expect(statuses('put', '/api/v1/strategies/{id}/pause')).toEqual(expect.arrayContaining([200, 403, 404, 409]));
    expect(statuses('patch', '/api/v1/strategies/{id}/config')).toEqual(expect.arrayContaining([200, 400, 403, 404, 413, 415]));
    expect(statuses('get', '/api/v1/runs/{id}')).toEqual(expect.arrayContaining([200, 400, 404]));
    expect(statuses('get', '/api/v1/health')).toEqual([200, 401, 403, 500, 503]);
    expect(statuses('post', '/api/v1/versions/{id}/rollback')).toEqual(expect.arrayContaining([200, 400, 403, 404, 409]));
  });

  it('holds the published strategy config schema, and every $ref resolves inside the document', async () => {
    const d = await setup().doc();
    const { $schema: _s, ...published } = await strategyConfigJsonSchema();
    expect(Object.keys(d.components.schemas.StrategyConfig.properties)).toEqual(Object.keys(published.properties as Json));
    const refs = [...JSON.stringify(d).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], d);
      expect(target, `${ref} resolves`).toBeDefined();
    }
  });

  it('refuses a path defined twice instead of letting the later one win', () => {
    const r = new SpecRouter();
    const spec = { method: 'get', path: '/x', operationId: 'x', summary: 'x', responses: { 200: S.answers('x', S.ErrorSchema) } } as const;
    r.add(spec, (c) => c.text('1')).add({ ...spec, operationId: 'y' }, (c) => c.text('2'));
    expect(() => openApiDocument(r.specs)).toThrow(/GET \/x is defined twice/);
  });
});

/**
 * Sends a request and checks the answer against the schema its route documents for the status it got (an
 * undocumented status fails), parsing with it and insisting nothing was dropped: an undocumented field fails
 * as much as a wrong type.
 */
function caller(app: Hono) {
  const specs = (app as SpecRouter).specs;
  return async (method: string, route: string, url: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const spec = specs.find((s) => s.method === method.toLowerCase() && s.path === route);
    expect(spec, `${method} ${route} has a spec`).toBeDefined();
    const res = await app.request(url, { method, headers: JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
    const documented = spec!.responses[res.status]?.schema;
    expect(documented, `${method} ${route} documents ${res.status}`).toBeDefined();
    const json = await res.json();
    expect(documented!.parse(json), `${method} ${url}: the answer is exactly what its schema documents`).toEqual(json);
    return { status: res.status, body: json };
  };
}

describe('real answers match their documented schemas', () => {
  it('strategies: start, list, one, metrics, pause, config update, stop, errors; examples', async () => {
    const call = caller(setup().app);
    expect((await call('POST', '/api/v1/strategies/start', '/api/v1/strategies/start', testConfig('s1'))).status).toBe(201);
    expect((await call('GET', '/api/v1/strategies', '/api/v1/strategies')).body).toHaveLength(1);
    await call('GET', '/api/v1/strategies/active', '/api/v1/strategies/active');
    await call('GET', '/api/v1/strategies/:id', '/api/v1/strategies/s1');
    await call('GET', '/api/v1/strategies/:id/metrics', '/api/v1/strategies/s1/metrics');
    expect((await call('PUT', '/api/v1/strategies/:id/pause', '/api/v1/strategies/s1/pause')).body.status).toBe('paused');
    await call('PATCH', '/api/v1/strategies/:id/config', '/api/v1/strategies/s1/config', { risk: { stopLoss: 0.05 } });
    expect((await call('DELETE', '/api/v1/strategies/:id', '/api/v1/strategies/s1')).body.status).toBe('stopped');
    const bad = await call('POST', '/api/v1/strategies/start', '/api/v1/strategies/start', { symbol: 'x y' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: Json) => p.path)).toEqual(expect.arrayContaining(['symbol', 'timeframe']));
    expect((await call('GET', '/api/v1/strategies/:id', '/api/v1/strategies/nope')).status).toBe(404);
    const examples = await call('GET', '/api/v1/examples', '/api/v1/examples');
    expect(examples.body.map((e: Json) => e.title)).toContain('EMA crossover');
  });

  it('runs: list, one run, trades, equity; query errors name the parameter', async () => {
    const call = caller(setup().app);
    expect((await call('GET', '/api/v1/runs', '/api/v1/runs')).body.map((r: Json) => r.runId)).toEqual([runId]);
    await call('GET', '/api/v1/runs/:id', `/api/v1/runs/${runId}`);
    expect((await call('GET', '/api/v1/runs/:id/trades', `/api/v1/runs/${runId}/trades?limit=3`)).body.trades.length).toBeGreaterThan(0);
    const eq = await call('GET', '/api/v1/runs/:id/equity', `/api/v1/runs/${runId}/equity?points=40&strategy=ema_btc_1h`);
    expect(eq.body.series.map((s: Json) => s.id)).toEqual(['ema_btc_1h']);
    const bad = await call('GET', '/api/v1/runs/:id/equity', `/api/v1/runs/${runId}/equity?points=2`);
    expect([bad.status, bad.body.problems.map((p: Json) => p.path)]).toEqual([400, ['points']]);
    expect((await call('GET', '/api/v1/runs/:id', '/api/v1/runs/nope')).status).toBe(404);
  });

  it('health, versions, sweeps and live', async () => {
    const { app, manager } = setup(join(tmp.dir, 'results.duckdb'));
    const call = caller(app);
    const monitor = new HealthMonitor(manager, { evaluateEveryMs: 0 });
    try {
      await call('POST', '/api/v1/strategies/start', '/api/v1/strategies/start', testConfig('v1'));
      await call('PATCH', '/api/v1/strategies/:id/config', '/api/v1/strategies/v1/config', { risk: { stopLoss: 0.05 } });
      expect((await call('GET', '/api/v1/health', '/api/v1/health')).body.strategies.map((s: Json) => s.id)).toEqual(['v1']);
    } finally {
      monitor.stop();
    }
    expect((await call('GET', '/api/v1/health', '/api/v1/health')).status, 'no monitor: 503 with an Error body').toBe(503);
    expect((await call('GET', '/api/v1/versions', '/api/v1/versions')).body).toHaveLength(1);
    await call('GET', '/api/v1/versions/:id', '/api/v1/versions/v1');
    expect((await call('GET', '/api/v1/versions/diff', '/api/v1/versions/diff?from=v1@1&to=v1@2')).body.changes).toHaveLength(1);
    expect((await call('POST', '/api/v1/versions/:id/rollback', '/api/v1/versions/v1/rollback', { version: 1 })).body.version.number).toBe(1);
    expect((await call('POST', '/api/v1/versions/:id/rollback', '/api/v1/versions/v1/rollback', {})).status).toBe(400);
    const tracker = new ProgressTracker({ runId: 'SW1', total: 4, jobs: 2, queue: { url: 'redis://h:1', name: 'q' }, outDir: join(tmp.dir, 'runs', 'sw1'), indexDir: join(tmp.dir, 'index') }, () => 1000);
    tracker.add('w1');
    tracker.flush(true);
    const sweeps = new SpecRouter().include('/api/v1/sweeps', sweepProgressRoutes({ runsDir: join(tmp.dir, 'runs'), indexDir: join(tmp.dir, 'index') }));
    expect((await caller(sweeps)('GET', '/api/v1/sweeps/:runId', '/api/v1/sweeps/SW1')).body.done).toBe(1);
    await call('GET', '/api/v1/live', '/api/v1/live');
  });
});
