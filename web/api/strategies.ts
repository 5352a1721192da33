import { Hono, type Context } from 'hono';
import { ConfigError, safeParseStrategyConfig, type ConfigProblem } from '../../engine/config/parse.ts';
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
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, response: apiError(c, 400, 'invalid JSON', [{ path: '', message: (err as Error).message }]) };
  }
}

/** Maps a manager error to a status: unknown id 404, bad config 400, anything the engine refuses in its state 409. */
function managerError(c: Context, err: unknown, conflict: 409 | 422 = 409): Response {
  if (err instanceof UnknownStrategyError) return apiError(c, 404, err.message);
  if (err instanceof ConfigError) return apiError(c, 400, 'invalid strategy config', err.problems);
  return apiError(c, conflict, (err as Error).message);
}

/**
 * The strategy endpoints of the design document (exact paths), plus restart, config update, the list of all strategies and
 * one strategy's config. A thin layer: validation is the CLI's zod schema, state lives in the StrategyManager.
 */
export function strategyRoutes(manager: StrategyManager): Hono {
  const app = new Hono();
  const summary = (id: string) => manager.list().find((s) => s.id === id)!;

  app.post('/start', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const parsed = safeParseStrategyConfig(body.value);
    if (!parsed.ok) return apiError(c, 400, 'invalid strategy config', parsed.problems);
    try {
      const id = manager.startStrategy(parsed.config);
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
