import { Hono, type Context } from 'hono';
import type { RunCatalog } from '../run-folder/catalog.ts';
import { readEquity, readManifest, readMetrics, readTrades } from '../run-folder/read.ts';
import { withRunReader } from '../run-folder/scratch.ts';
import { apiError } from './strategies.ts';

function intQuery(c: Context, name: string, dflt: number, min: number, max: number): number | null {
  const raw = c.req.query(name);
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) return null;
  return n;
}

/** Recorded runs: list, one run's manifest and metrics, its trades (paged) and its equity (downsampled). */
export function runRoutes(catalog: RunCatalog): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const limit = intQuery(c, 'limit', 100, 1, 1000);
    if (limit === null) return apiError(c, 400, 'limit must be an integer in 1..1000');
    return c.json(await catalog.list(limit));
  });

  const withRun = (body: (c: Context, dir: string) => Promise<Response>) => async (c: Context) => {
    const id = c.req.param('id')!;
    const dir = await catalog.resolve(id);
    if (!dir) return apiError(c, 404, `unknown run "${id}"`);
    return body(c, dir);
  };

  app.get(
    '/:id',
    withRun(async (c, dir) => c.json({ manifest: readManifest(dir), metrics: readMetrics(dir) })),
  );

  app.get(
    '/:id/trades',
    withRun(async (c, dir) => {
      const limit = intQuery(c, 'limit', 1000, 0, 100_000);
      const offset = intQuery(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === null || offset === null) return apiError(c, 400, 'limit (0..100000) and offset must be non-negative integers');
      const strategy = c.req.query('strategy');
      const r = await withRunReader((conn) => readTrades(conn, dir, { strategy, limit, offset }));
      return c.json({ total: r.total, offset, limit, trades: r.rows });
    }),
  );

  app.get(
    '/:id/equity',
    withRun(async (c, dir) => {
      const points = intQuery(c, 'points', 2000, 4, 100_000);
      if (points === null) return apiError(c, 400, 'points must be an integer in 4..100000');
      const only = c.req.queries('strategy');
      const lines = await withRunReader((conn) => readEquity(conn, dir, points, only));
      return c.json({
        points,
        series: lines.map((l) => ({ id: l.id, time: l.equity.t, equity: l.equity.v, drawdownTime: l.drawdown.t, drawdown: l.drawdown.v })),
      });
    }),
  );
  return app;
}
