import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { resolveInside } from './http/security.ts';
import type { RunCatalog } from './run-folder/catalog.ts';
import { benchStamp, loadBench, renderBenchPage } from './reports/bench-page.ts';
import { buildComparison, buildRunReport, PageCache, runsListPage } from './reports/index.ts';

/** The dashboard's files (plain HTML/CSS/JS, no build step). */
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

/** Dashboard, static files, the runs list, one run's report, comparisons. */
export function pageRoutes(opts: PageRoutesOptions): Hono {
  const app = new Hono();
  const cache = new PageCache();
  const { catalog } = opts;

  app.get('/', (c) => c.html(readFileSync(join(STATIC_DIR, 'index.html'), 'utf8')));

  app.get('/static/:file', (c) => {
    const name = c.req.param('file');
    const path = resolveInside(STATIC_DIR, name);
    const type = TYPES[extname(name)];
    if (!path || !type || !existsSync(path)) return c.text('not found', 404);
    return c.body(readFileSync(path), 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  });

  app.get('/reports', async (c) => c.html(runsListPage(await catalog.list(500))));

  app.get('/bench', async (c) => c.html(await cache.get(`bench|${benchStamp(opts.benchDir)}`, async () => renderBenchPage(loadBench(opts.benchDir), { served: true }))));

  app.get('/reports/compare', async (c) => {
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
  app.get('/reports/:id', report(true));
  app.get('/reports/:id/download', report(false));
  return app;
}
