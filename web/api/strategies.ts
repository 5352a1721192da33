import type { Context } from 'hono';
import * as z from 'zod';
import { ConfigError, safeParseStrategyConfig, type ConfigProblem } from '../../engine/config/parse.ts';
import { StrategyConfigSchema } from '../../engine/config/schema.ts';
import { depthProblem } from '../../engine/config/depth.ts';
import { UnknownStrategyError, type StrategyManager } from '../../engine/manager.ts';
import { parseBody, SpecRouter } from './route-spec.ts';
import { answers, fails, ParsedConfigSchema, StrategyDetailSchema, StrategyMetricsSchema, StrategySummarySchema } from './schemas.ts';

/** Body of every API error: a sentence, and for config errors every problem with its path. */
export interface ApiError {
  error: string;
  problems?: ConfigProblem[];
}

export const apiError = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503, error: string, problems?: ConfigProblem[]) =>
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

const IdParam = z.object({ id: z.string().describe('strategy id') });
const StopQuery = z.object({ closePosition: z.string().optional().describe('"false" keeps the position open; anything else (or nothing) closes it at the last price') });
const PartialConfig = z.record(z.string(), z.unknown()).describe('a partial strategy config, deep-merged into the running one');
const StrategyList = z.array(StrategySummarySchema);
const ConfigUpdate = z.object({ id: z.string(), config: ParsedConfigSchema });
const unknown = fails('unknown strategy');
const refused = fails('not possible in its current status');

/**
 * The strategy lifecycle on the running engine: start, list, one strategy, stop, pause, resume, restart, config
 * update and metrics. A thin layer: validation is the CLI's zod schema, state lives in the StrategyManager.
 */
export function strategyRoutes(manager: StrategyManager): SpecRouter {
  const r = new SpecRouter();
  const summary = (id: string) => manager.list().find((s) => s.id === id)!;
  const tags = ['strategies'];

  const answered = new IdempotencyCache();
  // An existing id is a conflict (409): a retried request must not start a second copy. A retry that repeats
  // its Idempotency-Key with the same request gets the first answer again; `?rename=1` asks for a free id
  // (id-2, id-3, ...) instead. Everything from the id check to startStrategy is synchronous, so parallel
  // requests cannot both pass the check.
  r.add(
    {
      method: 'post',
      path: '/start',
      operationId: 'startStrategy',
      summary: 'Start a new strategy instance (409 for an existing id; Idempotency-Key repeats; ?rename=1 for a free id)',
      tags,
      body: StrategyConfigSchema,
      responses: {
        201: answers('started', z.object({ id: z.string() })),
        400: fails('invalid JSON or config (every problem with its path)'),
        409: fails('a strategy with this id exists (stop it, choose another id, or add ?rename=1)'),
        422: fails('a valid config the engine cannot run, or an Idempotency-Key reused for another request'),
      },
    },
    async (c) => {
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
    },
  );

  r.add({ method: 'get', path: '/active', operationId: 'activeStrategies', summary: 'Running and paused strategies', tags, responses: { 200: answers('strategies', StrategyList) } }, (c) =>
    c.json(manager.list().filter((s) => s.status === 'running' || s.status === 'paused')),
  );
  r.add({ method: 'get', path: '/', operationId: 'listStrategies', summary: 'All strategies, any status', tags, responses: { 200: answers('strategies', StrategyList) } }, (c) => c.json(manager.list()));

  r.use('/:id/*', async (c, next) => {
    if (!manager.has(c.req.param('id')!)) return apiError(c, 404, `unknown strategy "${c.req.param('id')}"`);
    await next();
  });

  r.add(
    { method: 'get', path: '/:id', operationId: 'getStrategy', summary: 'One strategy: summary, parsed config, metrics', tags, params: IdParam, responses: { 200: answers('strategy', StrategyDetailSchema), 404: unknown } },
    (c) => {
      const id = c.req.param('id')!;
      if (!manager.has(id)) return apiError(c, 404, `unknown strategy "${id}"`);
      return c.json({ ...summary(id), config: manager.view(id).config, metrics: manager.getMetrics(id) });
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/:id',
      operationId: 'stopStrategy',
      summary: 'Stop a strategy (its open position is closed at the last price unless closePosition=false)',
      tags,
      params: IdParam,
      query: StopQuery,
      responses: { 200: answers('stopped', StrategySummarySchema), 404: unknown, 409: refused },
    },
    (c) => {
      const id = c.req.param('id')!;
      try {
        manager.stopStrategy(id, { closePosition: c.req.query('closePosition') !== 'false' });
        return c.json(summary(id));
      } catch (err) {
        return managerError(c, err);
      }
    },
  );

  const transition = (verb: 'pause' | 'resume' | 'restart', summaryText: string) =>
    r.add(
      { method: 'put', path: `/:id/${verb}`, operationId: `${verb}Strategy`, summary: summaryText, tags, params: IdParam, responses: { 200: answers('the strategy after the change', StrategySummarySchema), 404: unknown, 409: refused } },
      (c) => {
        const id = c.req.param('id')!;
        try {
          manager[`${verb}Strategy`](id);
          return c.json(summary(id));
        } catch (err) {
          return managerError(c, err);
        }
      },
    );
  transition('pause', 'Pause a running strategy (indicators stay warm, stops stay armed, no new entries)');
  transition('resume', 'Resume a paused strategy');
  transition('restart', 'Reset to a fresh account and indicators and run again');

  r.add(
    {
      method: 'patch',
      path: '/:id/config',
      operationId: 'updateStrategyConfig',
      summary: 'Deep-merge a partial config into a running strategy (symbol, timeframe and capital cannot change)',
      tags,
      params: IdParam,
      body: PartialConfig,
      responses: { 200: answers('the new parsed config', ConfigUpdate), 400: fails('invalid JSON, config or refused change (every problem with its path)'), 404: unknown },
    },
    async (c) => {
      const id = c.req.param('id')!;
      const body = await readJsonBody(c);
      if (!body.ok) return body.response;
      const partial = parseBody(body.value, PartialConfig);
      if (!partial.ok) return apiError(c, 400, 'invalid strategy config', [{ path: '', message: 'the body must be a JSON object (a partial strategy config)' }]);
      try {
        const config = manager.updateConfig(id, partial.value);
        return c.json({ id, config });
      } catch (err) {
        if (err instanceof ConfigError || err instanceof UnknownStrategyError) return managerError(c, err);
        // Refused changes (symbol, timeframe, capital; forbidden keys) are problems with the request body.
        const message = (err as Error).message;
        const path = /^([\w.[\]]+): /.exec(message)?.[1] ?? '';
        return apiError(c, 400, 'invalid strategy config', [{ path, message }]);
      }
    },
  );

  r.add(
    { method: 'get', path: '/:id/metrics', operationId: 'strategyMetrics', summary: 'StrategyMetrics: performance, current position and signal, risk', tags, params: IdParam, responses: { 200: answers('metrics', StrategyMetricsSchema), 404: unknown } },
    (c) => c.json(manager.getMetrics(c.req.param('id')!)),
  );
  return r;
}
