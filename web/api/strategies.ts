import { Hono, type Context } from 'hono';
import { ConfigError, safeParseStrategyConfig, type ConfigProblem } from '../../engine/config/parse.ts';
import { depthProblem } from '../../engine/config/depth.ts';
import { UnknownStrategyError, type StrategyManager } from '../../engine/manager.ts';

/** Body of every API error: a sentence, and for config errors every problem with its path. */
export interface ApiError {
  error: string;
  problems?: ConfigProblem[];
}

export const apiError = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500, error: string, problems?: ConfigProblem[]) =>
  c.json(problems ? ({ error, problems } satisfies ApiError) : ({ error } satisfies ApiError), status);

/** Reads a JSON body; a parse error becomes a 400 naming the position. */
export async function readJsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    return { ok: false, response: apiError(c, 415, 'the body must be JSON (Content-Type: application/json)') };
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    return { ok: false, response: apiError(c, 400, 'invalid JSON', [{ path: '', message: (err as Error).message }]) };
  }
  // Bounded before anything walks it recursively (validation, merging a partial config).
  const deep = depthProblem(value);
  if (deep) return { ok: false, response: apiError(c, 400, 'the body is nested too deeply', [deep]) };
  return { ok: true, value };
}

/** The answers of recent start requests by Idempotency-Key (the newest 1,000; older keys are forgotten). */
class IdempotencyCache {
  private readonly entries = new Map<string, { fingerprint: string; body: { id: string } }>();
  get(key: string) {
    return this.entries.get(key);
  }
  set(key: string, value: { fingerprint: string; body: { id: string } }): void {
    this.entries.set(key, value);
    if (this.entries.size > 1000) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Maps a manager error to a status: unknown id 404, bad config 400, anything the engine refuses in its state 409. */
function managerError(c: Context, err: unknown, conflict: 409 | 422 = 409): Response {
  if (err instanceof UnknownStrategyError) return apiError(c, 404, err.message);
  if (err instanceof ConfigError) return apiError(c, 400, 'invalid strategy config', err.problems);
  return apiError(c, conflict, (err as Error).message);
}

/**
 * The seed's strategy endpoints (exact paths), plus restart, config update, the list of all strategies and
 * one strategy's config. A thin layer: validation is the CLI's zod schema, state lives in the StrategyManager.
 */
export function strategyRoutes(manager: StrategyManager): Hono {
  const app = new Hono();
  const summary = (id: string) => manager.list().find((s) => s.id === id)!;

  const answered = new IdempotencyCache();
  // An existing id is a conflict (409): a retried request must not start a second copy. A retry that repeats
  // its Idempotency-Key with the same request gets the first answer again; `?rename=1` asks for a free id
  // (id-2, id-3, ...) instead. Everything from the id check to startStrategy is synchronous, so parallel
  // requests cannot both pass the check.
  app.post('/start', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const rename = c.req.query('rename') === '1' || c.req.query('rename') === 'true';
    const key = c.req.header('idempotency-key');
    const fingerprint = JSON.stringify([body.value, rename]);
    if (key !== undefined) {
      const prior = answered.get(key);
      if (prior && prior.fingerprint !== fingerprint) return apiError(c, 422, `Idempotency-Key "${key}" was used for a different request`);
      if (prior) return c.json(prior.body, 201);
    }
    const parsed = safeParseStrategyConfig(body.value);
    if (!parsed.ok) return apiError(c, 400, 'invalid strategy config', parsed.problems);
    const wanted = manager.requestedId(parsed.config);
    if (!rename && manager.has(wanted)) return apiError(c, 409, `strategy "${wanted}" exists; stop it first, choose another id, or add ?rename=1 for a free one`);
    try {
      const id = manager.startStrategy(parsed.config);
      if (key !== undefined) answered.set(key, { fingerprint, body: { id } });
      return c.json({ id }, 201);
    } catch (err) {
      // A valid config the engine cannot run here (no data for its series, a code module not loaded).
      return managerError(c, err, 422);
    }
  });

  app.get('/active', (c) => c.json(manager.list().filter((s) => s.status === 'running' || s.status === 'paused')));
  app.get('/', (c) => c.json(manager.list()));

  app.use('/:id/*', async (c, next) => {
    if (!manager.has(c.req.param('id'))) return apiError(c, 404, `unknown strategy "${c.req.param('id')}"`);
    await next();
  });

  app.get('/:id', (c) => {
    const id = c.req.param('id');
    if (!manager.has(id)) return apiError(c, 404, `unknown strategy "${id}"`);
    return c.json({ ...summary(id), config: manager.getInstance(id).config, metrics: manager.getMetrics(id) });
  });

  app.delete('/:id', (c) => {
    const id = c.req.param('id');
    try {
      manager.stopStrategy(id, { closePosition: c.req.query('closePosition') !== 'false' });
      return c.json(summary(id));
    } catch (err) {
      return managerError(c, err);
    }
  });

  const transition = (action: 'pauseStrategy' | 'resumeStrategy' | 'restartStrategy') => (c: Context) => {
    const id = c.req.param('id')!;
    try {
      manager[action](id);
      return c.json(summary(id));
    } catch (err) {
      return managerError(c, err);
    }
  };
  app.put('/:id/pause', transition('pauseStrategy'));
  app.put('/:id/resume', transition('resumeStrategy'));
  app.put('/:id/restart', transition('restartStrategy'));

  app.patch('/:id/config', async (c) => {
    const id = c.req.param('id');
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const partial = body.value;
    if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
      return apiError(c, 400, 'invalid strategy config', [{ path: '', message: 'the body must be a JSON object (a partial strategy config)' }]);
    }
    try {
      const config = manager.updateConfig(id, partial as Record<string, unknown>);
      return c.json({ id, config });
    } catch (err) {
      if (err instanceof ConfigError || err instanceof UnknownStrategyError) return managerError(c, err);
      // Refused changes (symbol, timeframe, capital; forbidden keys) are problems with the request body.
      const message = (err as Error).message;
      const path = /^([\w.[\]]+): /.exec(message)?.[1] ?? '';
      return apiError(c, 400, 'invalid strategy config', [{ path, message }]);
    }
  });

  app.get('/:id/metrics', (c) => c.json(manager.getMetrics(c.req.param('id'))));
  return app;
}
