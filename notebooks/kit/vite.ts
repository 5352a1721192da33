import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, observable } from '@observablehq/notebook-kit/vite';
import { build, createServer, type InlineConfig, type ViteDevServer } from 'vite';
import { offlineStdlib, offlineStdlibOptimizer, withoutNpmAlias } from './offline.ts';

/** The page template: Notebook Kit's default plus a bar linking the notebooks and naming the runs they show. */
export const TEMPLATE = fileURLToPath(new URL('./template.html', import.meta.url));

/** The notebooks (every .html file) directly in `root`, sorted. */
export function notebookFiles(root: string): string[] {
  return readdirSync(root)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => join(resolve(root), f));
}

function viteConfig(root: string): InlineConfig {
  const base = withoutNpmAlias(config());
  return {
    ...base,
    root: resolve(root),
    // Notebook Kit's config still carries an `esbuild` option Vite 8 ignores (it transforms with Oxc).
    esbuild: undefined,
    configFile: false,
    logLevel: 'warn',
    plugins: [offlineStdlib(root), observable({ template: TEMPLATE })],
    optimizeDeps: { rolldownOptions: { plugins: [offlineStdlibOptimizer(root)] } },
  };
}

/** `notebooks build` with the offline standard library: static HTML and assets into `outDir`. */
export async function buildNotebooks(root: string, outDir: string): Promise<string[]> {
  const inputs = notebookFiles(root);
  if (inputs.length === 0) throw new Error(`${root}: no notebooks (.html) to build`);
  await build({
    ...viteConfig(root),
    build: { outDir: resolve(outDir), emptyOutDir: true, chunkSizeWarningLimit: 2_000, rolldownOptions: { input: inputs, checks: { bundlerTimings: false } } },
  });
  return inputs;
}

/** `notebooks preview` with the offline standard library: a live-reloading server over `root`. */
export async function previewNotebooks(root: string, opts: { port?: number; host?: string } = {}): Promise<ViteDevServer> {
  const server = await createServer({ ...viteConfig(root), logLevel: 'info', server: { port: opts.port ?? 5173, host: opts.host ?? '127.0.0.1', strictPort: false } });
  await server.listen();
  return server;
}
