import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { StrategyManager } from '../engine/manager.ts';
import type { SeriesKey } from '../engine/types.ts';
import { DEFAULT_RESULTS_DB } from '../backtest/records/results-db.ts';
import { exampleRoutes } from './api/examples.ts';
import { metaRoutes } from './api/meta.ts';
import type { LiveInfo } from './live/live-info.ts';
import { SpecRouter } from './api/route-spec.ts';
import { runRoutes } from './api/runs.ts';
import { versionRoutes } from './api/versions.ts';
import { healthRoutes } from './api/health.ts';
import { liveChartRoutes } from './api/live-chart.ts';
import { LiveActivity } from './live/activity.ts';
import { sweepProgressRoutes } from './api/sweep-progress.ts';
import { apiError, strategyRoutes } from './api/strategies.ts';
import { hostAllowed, originAllowed, presentedToken, suspiciousPath, TOKEN_COOKIE, tokenMatches } from './http/security.ts';
import { pageRoutes } from './pages.ts';
import { RunCatalog } from './run-folder/catalog.ts';

export type { LiveInfo } from './live/live-info.ts';

export interface AppOptions {
  manager: StrategyManager;
  /** Results database path (default .strata/results.duckdb); null for run folders only. */
  resultsDb?: string | null;
  /** Folder of run folders (default `runs`). */
  runsDir?: string;
  /** When set, every request needs it (Bearer header, ?token=, or the cookie set after a ?token= page load). */
  token?: string | null;
  /** Largest accepted request body in bytes (default 256 KiB). */
  bodyLimit?: number;
  live?: LiveInfo;
  /** The bench/ folder whose results the benchmarks page shows (default `bench`). */
  benchDir?: string;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const GUARDED_PREFIXES = ['/reports', '/static', '/api/v1/runs'];

/**
 * The web app: the strategy API, runs, versions, health, sweeps, schema and OpenAPI, report pages and the
 * dashboard. A thin layer over the StrategyManager and the run folders, testable through `app.request()` without
 * sockets. Every route is registered with its spec (SpecRouter), and the OpenAPI document is built from them.
 */
export function createApp(opts: AppOptions): Hono {
  const app = new SpecRouter();
  const token = opts.token ?? null;
  const catalog = new RunCatalog({ runsDir: opts.runsDir ?? 'runs', resultsDb: opts.resultsDb === undefined ? DEFAULT_RESULTS_DB : opts.resultsDb });
  const isApi = (path: string) => path.startsWith('/api/');

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      c.header('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }
  });

  // Traversal attempts are refused before any routing or decoding can turn them into a path.
  app.use('*', async (c, next) => {
    const raw = rawPath(c.req.url);
    if (GUARDED_PREFIXES.some((p) => raw === p || raw.startsWith(`${p}/`)) && suspiciousPath(raw)) {
      return isApi(raw) ? apiError(c, 400, 'invalid path') : c.text('invalid path', 400);
    }
    await next();
  });

  if (token === null) {
    // Without a token the server is on loopback: refuse other Host names (DNS rebinding).
    app.use('*', async (c, next) => {
      if (!hostAllowed(c.req.header('host') ?? new URL(c.req.url).host)) {
        return isApi(new URL(c.req.url).pathname) ? apiError(c, 403, 'unexpected Host header (this server answers to localhost only)') : c.text('unexpected Host header', 403);
      }
      await next();
    });
  } else {
    app.use('*', async (c, next) => {
      const url = new URL(c.req.url);
      const given = presentedToken(c.req.header('authorization'), url, c.req.header('cookie'));
      if (!tokenMatches(token, given.token)) {
        if (isApi(url.pathname)) return apiError(c, 401, 'a token is required: send Authorization: Bearer <token> or ?token=<token>');
        return c.html('<!doctype html><title>Strata: token required</title><p>This server needs its access token: open this page with <code>?token=&lt;token&gt;</code>.</p>', 401);
      }
      if (given.via === 'query' && c.req.method === 'GET' && !isApi(url.pathname)) {
        // Keep the token out of the address bar and history: a cookie from here on, then the same page without it.
        url.searchParams.delete('token');
        c.header('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(given.token!)}; Path=/; HttpOnly; SameSite=Strict`);
        return c.redirect(url.pathname + url.search, 303);
      }
      await next();
    });
  }

  // CSRF: a state-changing request must not come from another site.
  app.use('*', async (c, next) => {
    if (MUTATING.has(c.req.method)) {
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      if (!originAllowed(c.req.header('origin'), host) || c.req.header('sec-fetch-site') === 'cross-site') {
        return apiError(c, 403, 'cross-origin request refused');
      }
    }
    await next();
  });

  const maxSize = opts.bodyLimit ?? 256 * 1024;
  app.use('/api/*', bodyLimit({ maxSize, onError: (c) => apiError(c, 413, `request body over the ${maxSize}-byte limit`) }));

  const api = new SpecRouter();
  const resultsDb = opts.resultsDb === undefined ? DEFAULT_RESULTS_DB : opts.resultsDb;
  api.include('/strategies', strategyRoutes(opts.manager));
  api.include('/examples', exampleRoutes());
  api.include('/runs', runRoutes(catalog));
  api.include('/health', healthRoutes(opts.manager));
  api.include('/live', liveChartRoutes(opts.manager, LiveActivity.attach(opts.manager)));
  api.include('/sweeps', sweepProgressRoutes({ runsDir: opts.runsDir ?? 'runs' }));
  api.include('/versions', versionRoutes({ manager: opts.manager, resultsDb }));
  api.include('/', metaRoutes({ specs: () => app.specs, benchDir: opts.benchDir ?? 'bench', live: opts.live }));
  app.include('/api/v1', api);

  app.include('/', pageRoutes({ catalog, tokenRequired: token !== null, benchDir: opts.benchDir ?? 'bench' }));

  app.notFound((c) => (isApi(new URL(c.req.url).pathname) ? apiError(c, 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`) : c.text('not found', 404)));
  app.onError((err, c) => {
    const path = new URL(c.req.url).pathname;
    if (isApi(path)) return apiError(c, 500, err.message);
    return c.text(`error: ${err.message}`, 500);
  });
  return app;
}

/** The path as sent, still percent-encoded. */
function rawPath(url: string): string {
  const afterScheme = url.indexOf('://');
  const start = url.indexOf('/', afterScheme < 0 ? 0 : afterScheme + 3);
  if (start < 0) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end < 0 ? undefined : end);
}
