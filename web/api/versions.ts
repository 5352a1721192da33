import { Hono } from 'hono';
import type { StrategyManager } from '../../engine/manager.ts';
import { diffConfigs } from '../../backtest/records/versions/diff.ts';
import { VersionRecorder } from '../../backtest/live/versions/recorder.ts';
import { rollbackStrategy } from '../../backtest/live/versions/rollback.ts';
import { VersionError, VersionStore } from '../../backtest/records/versions/store.ts';
import { apiError, readJsonBody } from './strategies.ts';

/**
 * Strategy versions: list per strategy, diff of two, and rollback of a running strategy. Mounted at
 * /api/v1/versions. With a results database, every config the manager starts or edits (PATCH, dashboard) is
 * recorded as a version; without one (resultsDb: null) the routes answer 503.
 */
export function versionRoutes(opts: { manager: StrategyManager; resultsDb: string | null }): Hono {
  const app = new Hono();
  const db = opts.resultsDb;
  const recorder = db === null ? null : VersionRecorder.forEvents(opts.manager.events, { db });
  const read = <T>(body: (s: VersionStore) => Promise<T>) => VersionStore.with(db, body, { readOnly: true, waitMs: 3000 });

  app.use('*', async (c, next) => {
    if (db === null) return apiError(c, 404, 'this server has no results database, so no strategy versions');
    await recorder?.flush(); // answers include every config the manager has seen
    if (!VersionStore.exists(db)) return c.req.method === 'GET' && c.req.path.endsWith('/versions') ? c.json([]) : apiError(c, 404, 'no strategy versions recorded yet');
    await next();
  });

  app.get('/', async (c) => c.json(await read((s) => s.strategies())));

  app.get('/diff', async (c) => {
    const from = c.req.query('from');
    const to = c.req.query('to');
    if (!from || !to) return apiError(c, 400, 'give ?from=<version>&to=<version>');
    try {
      const [a, b] = await read(async (s) => [await s.resolve(from), await s.resolve(to)]);
      return c.json({ from: { strategyId: a.strategyId, number: a.number, hash: a.hash }, to: { strategyId: b.strategyId, number: b.number, hash: b.hash }, changes: diffConfigs(a.config, b.config) });
    } catch (err) {
      if (err instanceof VersionError) return apiError(c, 404, err.message);
      throw err;
    }
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const h = await read((s) => s.history(id));
    if (h.versions.length === 0) return apiError(c, 404, `strategy "${id}" has no stored versions`);
    return c.json({ strategyId: id, current: h.log[h.log.length - 1]?.hash ?? null, versions: h.versions, log: h.log, running: opts.manager.has(id) ? opts.manager.getInstance(id).status : null });
  });

  app.post('/:id/rollback', async (c) => {
    const id = c.req.param('id');
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const { version, note } = (body.value ?? {}) as { version?: unknown; note?: unknown };
    if (typeof version !== 'string' && typeof version !== 'number') return apiError(c, 400, 'give {"version": "<hash prefix | number | id@n>"}');
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
  });
  return app;
}
