/** Every `strata <command> --help`, run as a user runs it, prints without loading a heavy package. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../main.ts';

/** Packages that make a command slow to start (DuckDB, the web and report stack, ccxt, Redis, the bench libraries). */
const HEAVY = ['@duckdb/', 'hono', '@hono/', '@observablehq/', 'd3', 'linkedom', 'ccxt', 'bullmq', 'ioredis', 'piscina', 'apache-arrow', 'ws', 'tinybench', 'trading-signals', 'esbuild', 'lightweight-charts'];

const dir = mkdtempSync(join(tmpdir(), 'strata-help-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages (from node_modules) a `strata ...args` child process resolved, and its stdout. */
function packagesLoaded(args: string[], n: number): Promise<{ packages: string[]; stdout: string; code: number }> {
  const log = join(dir, `modules-${n}.txt`);
  // The CLI's own sources run through tsx (a loader, not the CLI's code); the hook logs every resolved module.
  const argv = ['--import', 'tsx', '--import', './testkit/module-log/register.mjs', 'cli/main.ts', ...args];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { env: { ...process.env, STRATA_MODULE_LOG: log } }, (err, stdout) => {
      if (err && typeof err.code !== 'number') return reject(err);
      const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []).filter((p) => p !== 'tsx'));
      resolve({ packages: [...packages].sort(), stdout, code: err ? Number(err.code) : 0 });
    });
  });
}

const isHeavy = (p: string) => HEAVY.some((h) => (h.endsWith('/') ? p.startsWith(h) : p === h));

describe('strata --help and every strata <command> --help', () => {
  it('print the help and exit 0 having loaded no heavy package', { timeout: 240_000 }, async () => {
    const cases = [['--help'], ...Object.keys(COMMANDS).map((c) => [c, '--help']), ['data', 'import', '--help']];
    const results: { args: string[]; packages: string[]; stdout: string; code: number }[] = [];
    // Two at a time: one child per command, on a two-core machine.
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2);
      results.push(...(await Promise.all(batch.map(async (args, k) => ({ args, ...(await packagesLoaded(args, i + k)) })))));
    }
    for (const r of results) {
      const what = `strata ${r.args.join(' ')}`;
      expect(r.code, what).toBe(0);
      expect(r.stdout, what).toMatch(/^Usage: strata/);
      expect(r.packages.filter(isHeavy), `${what} loaded`).toEqual([]);
    }
    // The hook sees packages at all: the command modules themselves do load them.
    const run = await packagesLoaded(['schema'], cases.length);
    expect(run.packages, 'strata schema (not help) loads zod').toContain('zod');
  });
});
