import type { Context } from 'hono';
import * as z from 'zod';
import type { RunCatalog } from '../run-folder/catalog.ts';
import { readEquity, readManifest, readMetrics, readTrades } from '../run-folder/read.ts';
import { withRunReader } from '../run-folder/scratch.ts';
import { parseQuery, SpecRouter } from './route-spec.ts';
import { answers, EquitySchema, fails, RunDetailSchema, RunListingSchema, TradesPageSchema } from './schemas.ts';
import { apiError } from './strategies.ts';

const RunParam = z.object({ id: z.string().describe('run id, unique prefix, or folder name under the runs folder') });
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const TradesQuery = z.object({
  strategy: z.string().optional().describe('only this strategy’s trades'),
  limit: z.coerce.number().int().min(0).max(100_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
const EquityQuery = z.object({
  points: z.coerce.number().int().min(4).max(100_000).default(2000).describe('points per line after M4 downsampling'),
  strategy: z.array(z.string()).optional().describe('only these strategies (repeatable)'),
});
const unknownRun = fails('unknown run');
const traversal = fails('a path that tries to leave the runs folder');
const tags = ['runs'];

/** Recorded runs: list, one run's manifest and metrics, its trades (paged) and its equity (downsampled). */
export function runRoutes(catalog: RunCatalog): SpecRouter {
  const r = new SpecRouter();

  r.add(
    {
      method: 'get',
      path: '/',
      operationId: 'listRuns',
      summary: 'Recorded runs, newest first (results database and run folders)',
      tags,
      query: ListQuery,
      responses: { 200: answers('runs', z.array(RunListingSchema)), 400: fails('limit out of range') },
    },
    async (c) => {
      const q = parseQuery(c, ListQuery);
      if (!q.ok) return apiError(c, 400, 'limit must be an integer in 1..1000', q.problems);
      return c.json(await catalog.list(q.value.limit));
    },
  );

  const withRun = (body: (c: Context, dir: string) => Promise<Response>) => async (c: Context) => {
    const id = c.req.param('id')!;
    const dir = await catalog.resolve(id);
    if (!dir) return apiError(c, 404, `unknown run "${id}"`);
    return body(c, dir);
  };

  r.add(
    { method: 'get', path: '/:id', operationId: 'getRun', summary: 'manifest.json and metrics.json of a run', tags, params: RunParam, responses: { 200: answers('run', RunDetailSchema), 400: traversal, 404: unknownRun } },
    withRun(async (c, dir) => c.json({ manifest: readManifest(dir), metrics: readMetrics(dir) })),
  );

  r.add(
    {
      method: 'get',
      path: '/:id/trades',
      operationId: 'runTrades',
      summary: 'Closed trades of a run (times ISO 8601 UTC), paged',
      tags,
      params: RunParam,
      query: TradesQuery,
      responses: { 200: answers('trades', TradesPageSchema), 400: fails('limit or offset out of range, or a traversal attempt'), 404: unknownRun },
    },
    withRun(async (c, dir) => {
      const q = parseQuery(c, TradesQuery);
      if (!q.ok) return apiError(c, 400, 'limit (0..100000) and offset must be non-negative integers', q.problems);
      const { strategy, limit, offset } = q.value;
      const rows = await withRunReader((conn) => readTrades(conn, dir, { strategy, limit, offset }));
      return c.json({ total: rows.total, offset, limit, trades: rows.rows });
    }),
  );

  r.add(
    {
      method: 'get',
      path: '/:id/equity',
      operationId: 'runEquity',
      summary: 'Equity and drawdown per strategy and of the portfolio (id __portfolio__), M4-downsampled: first, last, min and max of each time bucket survive',
      tags,
      params: RunParam,
      query: EquityQuery,
      responses: { 200: answers('series (times epoch ms)', EquitySchema), 400: fails('points out of range, or a traversal attempt'), 404: unknownRun },
    },
    withRun(async (c, dir) => {
      const q = parseQuery(c, EquityQuery);
      if (!q.ok) return apiError(c, 400, 'points must be an integer in 4..100000', q.problems);
      const { points, strategy } = q.value;
      const lines = await withRunReader((conn) => readEquity(conn, dir, points, strategy));
      return c.json({
        points,
        series: lines.map((l) => ({ id: l.id, time: l.equity.t, equity: l.equity.v, drawdownTime: l.drawdown.t, drawdown: l.drawdown.v })),
      });
    }),
  );
  return r;
}
