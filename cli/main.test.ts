/** The `strata` entry point as a user meets it: no arguments, --version, help without heavy modules, a closed pipe. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../tests/backtest/cli-helpers.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('strata with no command', () => {
  it('prints the usage with every command and the exit codes on stdout, and exits 0', async () => {
    const r = await runCli([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: strata <command>/);
    expect(r.stdout).toContain('backtest');
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 bad input');
    expect(r.stderr).toBe('');
  });

  it('answers --version and -V with the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stdout.trim(), flag).toBe(`strata ${pkg.version}`);
    }
  });

  it('prints a subcommand help from its help module (data import --help is the import help)', async () => {
    const r = await runCli(['data', 'import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: strata data import/);
  });
});

/** Packages that make a command slow to start; a help text must print without any of them. */
const HEAVY = ['@duckdb/', 'hono', 'ccxt', 'linkedom', '@observablehq/', 'bullmq', 'ioredis', 'piscina', 'apache-arrow', 'ws'];

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
    .filter((m) => !/^\s*(?:import|export)\s+type\s/.test(m[0]))
    .map((m) => m[1]);
}

/** Every module a file loads at run time (type-only imports excluded), followed through relative imports. */
function runtimeClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
      else seen.add(spec);
    }
  }
  return seen;
}

describe('help texts', () => {
  it('load no heavy dependency (DuckDB, hono, ccxt, the report stack, Redis), so --help prints at once', () => {
    const files = readdirSync('cli/help').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length, 'every command with options has a help module').toBeGreaterThanOrEqual(15);
    for (const f of files) {
      const loaded = [...runtimeClosure(join('cli/help', f))].filter((m) => !m.startsWith('/'));
      const heavy = loaded.filter((m) => HEAVY.some((h) => m === h || m.startsWith(h)));
      expect(heavy, `cli/help/${f} loads ${heavy.join(', ')}`).toEqual([]);
    }
  });
});

describe('a closed stdout', () => {
  it('ends the command quietly with no EPIPE stack trace (strata schema | head -c 1)', async () => {
    const child = spawn(process.execPath, ['bin/strata.js', 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The reader goes away before the command writes, as `head` does after its first bytes.
    child.stdout.destroy();
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(stderr, 'no stack trace').not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
