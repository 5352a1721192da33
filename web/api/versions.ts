import * as z from 'zod';
import type { StrategyManager } from '../../engine/manager.ts';
import { diffConfigs } from '../../backtest/records/versions/diff.ts';
import { VersionRecorder } from '../../backtest/live/versions/recorder.ts';
import { rollbackStrategy } from '../../backtest/live/versions/rollback.ts';
import { VersionError, VersionStore } from '../../backtest/records/versions/store.ts';
import { parseBody, parseQuery, SpecRouter } from './route-spec.ts';
import { answers, fails, RollbackResultSchema, VersionDiffSchema, VersionedStrategySchema, VersionHistorySchema } from './schemas.ts';
import { apiError, readJsonBody } from './strategies.ts';

const IdParam = z.object({ id: z.string().describe('strategy id') });
const VersionRef = z.string().describe('hash prefix (4+ hex), <id>@<number>, <id>@latest, <id>@previous');
const DiffQuery = z.object({ from: VersionRef, to: VersionRef });
const RollbackBody = z.object({
  version: z.union([z.string(), z.number()]).describe('hash prefix, version number, or <id>@<number>'),
  note: z.unknown().optional().describe('a string kept with the switch; anything else is ignored'),
});
const noDb = fails('this server has no results database, or no versions are recorded yet');
const tags = ['versions'];

/**
 * Strategy versions: list per strategy, diff of two, and rollback of a running strategy. Mounted at
 * /api/v1/versions. With a results database, every config the manager starts or edits (PATCH, dashboard) is
 * recorded as a version; without one (resultsDb: null) the routes answer 503.
 */
export function versionRoutes(opts: { manager: StrategyManager; resultsDb: string | null }): SpecRouter {
  const app = new SpecRouter();
  const db = opts.resultsDb;
  const recorder = db === null ? null : VersionRecorder.forEvents(opts.manager.events, { db });
  const read = <T>(body: (s: VersionStore) => Promise<T>) => VersionStore.with(db, body, { readOnly: true, waitMs: 3000 });

  app.use('*', async (c, next) => {
    if (db === null) return apiError(c, 404, 'this server has no results database, so no strategy versions');
    await recorder?.flush(); // answers include every config the manager has seen
    if (!VersionStore.exists(db)) return c.req.method === 'GET' && c.req.path.endsWith('/versions') ? c.json([]) : apiError(c, 404, 'no strategy versions recorded yet');
    await next();
  });

  app.add(
    { method: 'get', path: '/', operationId: 'listVersionedStrategies', summary: 'Strategies with stored versions: count, current version, last change', tags, responses: { 200: answers('strategies', z.array(VersionedStrategySchema)), 404: fails('this server has no results database') } },
    async (c) => c.json(await read((s) => s.strategies())),
  );

  app.add(
    {
      method: 'get',
      path: '/diff',
      operationId: 'diffVersions',
      summary: 'Parameter differences between two versions (paths with old → new)',
      tags,
      query: DiffQuery,
      responses: { 200: answers('changes', VersionDiffSchema), 400: fails('missing from/to'), 404: fails('unknown version, or no versions') },
    },
    async (c) => {
      const q = parseQuery(c, DiffQuery);
      if (!q.ok || !q.value.from || !q.value.to) return apiError(c, 400, 'give ?from=<version>&to=<version>', q.ok ? undefined : q.problems);
      const { from, to } = q.value;
      try {
        const [a, b] = await read(async (s) => [await s.resolve(from), await s.resolve(to)]);
        return c.json({ from: { strategyId: a.strategyId, number: a.number, hash: a.hash }, to: { strategyId: b.strategyId, number: b.number, hash: b.hash }, changes: diffConfigs(a.config, b.config) });
      } catch (err) {
        if (err instanceof VersionError) return apiError(c, 404, err.message);
        throw err;
      }
    },
  );

  app.add(
    { method: 'get', path: '/:id', operationId: 'strategyVersions', summary: 'Versions of a strategy (oldest first) and every switch between them', tags, params: IdParam, responses: { 200: answers('history', VersionHistorySchema), 404: fails('no versions of this strategy') } },
    async (c) => {
      const id = c.req.param('id')!;
      const h = await read((s) => s.history(id));
      if (h.versions.length === 0) return apiError(c, 404, `strategy "${id}" has no stored versions`);
      return c.json({ strategyId: id, current: h.log[h.log.length - 1]?.hash ?? null, versions: h.versions, log: h.log, running: opts.manager.has(id) ? opts.manager.view(id).status : null });
    },
  );

  app.add(
    {
      method: 'post',
      path: '/:id/rollback',
      operationId: 'rollbackStrategy',
      summary: 'Switch a running strategy to a stored version at its next candle (indicators rebuilt from its buffer; position and metrics kept)',
      tags,
      params: IdParam,
      body: RollbackBody,
      responses: { 200: answers('the version now running and its config', RollbackResultSchema), 400: fails('no version given'), 404: fails('unknown strategy or version'), 409: fails('the strategy cannot take it (stopped, another strategy’s version, other symbol/timeframe/capital)') },
    },
    async (c) => {
      const id = c.req.param('id')!;
      const body = await readJsonBody(c);
      if (!body.ok) return body.response;
      const parsed = parseBody(body.value, RollbackBody);
      if (!parsed.ok) return apiError(c, 400, 'give {"version": "<hash prefix | number | id@n>"}', parsed.problems);
      const { version, note } = parsed.value;
      if (!opts.manager.has(id)) return apiError(c, 404, `unknown strategy "${id}"`);
      let v;
      try {
        v = await read((s) => s.resolve(String(version), String(version).includes('@') ? undefined : id));
      } catch (err) {
        if (err instanceof VersionError) return apiError(c, 404, err.message);
        throw err;
      }
      if (v.strategyId !== id) return apiError(c, 409, `version ${v.hash.slice(0, 12)} belongs to "${v.strategyId}"`);
      try {
        const config = rollbackStrategy(opts.manager, id, v, { note: typeof note === 'string' ? note : null, recorder });
        await recorder?.flush();
        return c.json({ id, version: { number: v.number, hash: v.hash }, config });
      } catch (err) {
        return apiError(c, 409, (err as Error).message);
      }
    },
  );
  return app;
}
