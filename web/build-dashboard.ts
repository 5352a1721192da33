/**
 * Bundles the dashboard (web/dashboard/main.ts and what it imports) into web/static/dashboard.js with
 * esbuild: one classic script, as index.html loads it. Run by `npm run build:web` (and so by `npm install`
 * through `prepare`) and by the test setup; the bundle is a build output, not committed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB = fileURLToPath(new URL('./', import.meta.url));
export const DASHBOARD_SRC = join(WEB, 'dashboard');
export const DASHBOARD_BUNDLE = join(WEB, 'static', 'dashboard.js');
/** Sources outside web/dashboard that the bundle takes code or types from. */
const SHARED = [join(WEB, 'live', 'messages.ts'), join(WEB, 'api', 'schemas.ts'), join(WEB, 'api', 'live-schemas.ts'), join(WEB, 'escape.ts')];

export async function buildDashboard(outfile = DASHBOARD_BUNDLE): Promise<void> {
  await build({
    entryPoints: [join(DASHBOARD_SRC, 'main.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** True when the bundle is missing or older than a source it is built from. */
export function dashboardStale(outfile = DASHBOARD_BUNDLE): boolean {
  if (!existsSync(outfile)) return true;
  const built = statSync(outfile).mtimeMs;
  const sources = [...readdirSync(DASHBOARD_SRC).filter((f) => f.endsWith('.ts')).map((f) => join(DASHBOARD_SRC, f)), ...SHARED];
  return sources.some((f) => statSync(f).mtimeMs > built);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildDashboard();
}
