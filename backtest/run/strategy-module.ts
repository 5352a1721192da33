/**
 * Imports a strategy module a config names. A `.ts` module imports directly where a TypeScript loader is
 * active (tsx, vitest); under plain Node (the compiled CLI and library) esbuild transpiles it first, so users'
 * TypeScript strategies need no loader at run time.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.[cm]?tsx?$/;

export async function importStrategyModule(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !TYPESCRIPT.test(path)) throw err;
  }
  return importTranspiled(path);
}

/**
 * Bundles the module's own relative imports into one ES module and imports it from a hidden file beside the
 * source, so its package imports resolve from the same node_modules as the source's would; the file is removed
 * once imported (Node keeps the module in memory).
 */
async function importTranspiled(path: string): Promise<Record<string, unknown>> {
  const { build } = await import('esbuild');
  const out = await build({ entryPoints: [path], bundle: true, packages: 'external', format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' });
  const file = join(dirname(path), `.${basename(path)}.${process.pid}.strata.mjs`);
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(file, { force: true });
  }
}
