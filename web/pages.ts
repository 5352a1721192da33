import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { SpecRouter } from './api/route-spec.ts';
import { resolveInside } from './http/security.ts';
import type { RunCatalog } from './run-folder/catalog.ts';
import { benchStamp, loadBench, renderBenchPage } from './reports/bench-page.ts';
import { buildComparison, buildRunReport, PageCache, runsListPage } from './reports/index.ts';

/** The dashboard's files: HTML, CSS and the script bundled from web/dashboard/ (web/build-dashboard.ts). */
export const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface PageRoutesOptions {
  catalog: RunCatalog;
  tokenRequired: boolean;
  /** The bench/ folder (results, baseline, history) for the benchmarks page. */
  benchDir: string;
}

const html = (description: string) => ({ description, type: 'text/html' });
const text = (description: string) => ({ description, type: 'text/plain' });
const RunParam = z.object({ id: z.string().describe('run id, unique prefix, or folder name under the runs folder') });
const SweepQuery = z.object({
  x: z.string().optional().describe('sweep parameter on the heatmap’s x axis'),
  y: z.string().optional().describe('sweep parameter on the y axis'),
  metric: z.string().optional().describe('metric the heatmap colours'),
});
const tags = ['pages'];

/** Dashboard, static files, the runs list, one run's report, comparisons. */
export function pageRoutes(opts: PageRoutesOptions): SpecRouter {
  const app = new SpecRouter();
  const cache = new PageCache();
  const { catalog } = opts;

  app.add({ method: 'get', path: '/', operationId: 'dashboard', summary: 'The live dashboard', tags, responses: { 200: html('the dashboard page'), 503: html('the dashboard script is not built') } }, (c) => {
    // The script is a build output (npm install builds it); without it the page would only show empty panels.
    if (!existsSync(join(STATIC_DIR, 'dashboard.js'))) return c.html('<!doctype html><title>Strata: dashboard not built</title><p>The dashboard script is not built: run <code>npm run build:web</code> (npm install does it).</p>', 503);
    return c.html(readFileSync(join(STATIC_DIR, 'index.html'), 'utf8'));
  });

  const staticSpec = {
    method: 'get',
    path: '/static/:file',
    operationId: 'staticFile',
    summary: 'The dashboard’s files (HTML, CSS, the bundled script)',
    tags,
    params: z.object({ file: z.string().describe('a plain file name in the static folder') }),
    responses: { 200: { description: 'the file (text/javascript, text/css, ...)', type: '*/*' }, 400: text('a traversal attempt'), 404: text('no such file') },
  } as const;
  app.add(staticSpec, (c) => {
    const name = c.req.param('file')!;
    const path = resolveInside(STATIC_DIR, name);
    const type = TYPES[extname(name)];
    if (!path || !type || !existsSync(path)) return c.text('not found', 404);
    return c.body(readFileSync(path), 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  });

  app.add({ method: 'get', path: '/reports', operationId: 'reportsPage', summary: 'The recorded runs, newest first, with links to their reports', tags, responses: { 200: html('the runs list') } }, async (c) =>
    c.html(runsListPage(await catalog.list(500))),
  );

  app.add({ method: 'get', path: '/bench', operationId: 'benchPage', summary: 'The benchmarks page: latest figures against the baseline, the gate verdict, trends', tags, responses: { 200: html('the benchmarks page') } }, async (c) => c.html(await cache.get(`bench|${benchStamp(opts.benchDir)}`, async () => renderBenchPage(loadBench(opts.benchDir), { served: true }))));

  const compareSpec = {
    method: 'get',
    path: '/reports/compare',
    operationId: 'comparePage',
    summary: 'Side-by-side report of 2 to 8 runs',
    tags,
    query: z.object({ runs: z.string().describe('comma-separated run ids') }),
    responses: { 200: html('the comparison'), 400: text('fewer than 2 or more than 8 runs'), 404: text('an unknown run') },
  } as const;
  app.add(compareSpec, async (c) => {
    const ids = (c.req.query('runs') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length < 2) return c.text('give two or more runs: /reports/compare?runs=a,b', 400);
    if (ids.length > 8) return c.text('compare at most 8 runs', 400);
    const dirs: string[] = [];
    for (const id of ids) {
      const dir = await catalog.resolve(id);
      if (!dir) return c.text(`unknown run "${id}"`, 404);
      dirs.push(dir);
    }
    const html = await cache.get(`compare|${PageCache.stamp(dirs)}`, () => buildComparison(dirs, { served: true }));
    return c.html(html);
  });

  const report = (served: boolean) => async (c: import('hono').Context) => {
    const id = c.req.param('id')!;
    const dir = await catalog.resolve(id);
    if (!dir) return c.text(`unknown run "${id}"`, 404);
    const sweep = { x: c.req.query('x'), y: c.req.query('y'), metric: c.req.query('metric') };
    const key = `run|${served}|${sweep.x}|${sweep.y}|${sweep.metric}|${PageCache.stamp([dir])}`;
    const html = await cache.get(key, () => buildRunReport(dir, { served, sweep }));
    if (!served) c.header('Content-Disposition', `attachment; filename="report-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.html"`);
    return c.html(html);
  };
  const reportSpec = (path: string, operationId: string, summary: string) =>
    ({ method: 'get', path, operationId, summary, tags, params: RunParam, query: SweepQuery, responses: { 200: html('the report'), 400: text('a traversal attempt'), 404: text('unknown run') } }) as const;
  app.add(reportSpec('/reports/:id', 'reportPage', 'One run’s self-contained HTML report'), report(true));
  app.add(reportSpec('/reports/:id/download', 'reportDownload', 'The same report as a download (charts inlined, no server needed)'), report(false));
  return app;
}
