import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENGINE = join(ROOT, 'engine');

/** Every non-test .ts file under engine/, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** 1-based numbers of the lines of `text` matching `pattern`, ignoring // comments and block-comment lines. */
function matchingLines(text: string, pattern: RegExp): number[] {
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (!/^\s*(\/\*|\*)/.test(code) && pattern.test(code)) out.push(i + 1);
  });
  return out;
}

/** `file:line: text` for every matching line of every engine source file. */
function offenders(pattern: RegExp): string[] {
  return sources(ENGINE).flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    return matchingLines(lines.join('\n'), pattern).map((n) => `${relative(ROOT, file)}:${n}: ${lines[n - 1].trim()}`);
  });
}

const WALL_CLOCK = /Date\.now|new Date\(|Math\.random|setTimeout|setInterval|setImmediate|performance\.now|process\.hrtime/;

describe('the engine core reads no wall clock and does no I/O', () => {
  it('scans a non-trivial set of files', () => {
    const files = sources(ENGINE).map((f) => relative(ENGINE, f));
    expect(files, 'the scan reaches the core and its subfolders').toEqual(expect.arrayContaining(['engine.ts', 'instance.ts', 'manager.ts', 'clock.ts', join('execution', 'account.ts'), join('metrics', 'tracker.ts')]));
  });

  it('never calls Date.now, new Date(, Math.random, setTimeout, setInterval or performance.now', () => {
    expect(offenders(WALL_CLOCK), 'time and randomness are injected (Clock), never read').toEqual([]);
  });

  it('imports no node: modules, databases, exchanges or servers', () => {
    expect(offenders(/(from|import)\s*\(?\s*['"](node:[^'"]+|fs|path|os|child_process|@duckdb\/[^'"]*|duckdb|ccxt|ws|hono|@hono\/[^'"]*|apache-arrow)['"]/), 'adapters live outside engine/').toEqual([]);
  });

  it('the scanner finds offenders in code and skips comments (so an empty result means something)', () => {
    const sample = ['/**', ' * never call Date.now() here', ' */', 'const a = 1; // Math.random() is banned', 'const t = Date.now();', 'const d = new Date(t);', 'const r = Math.random();'].join('\n');
    expect(matchingLines(sample, WALL_CLOCK), 'lines 5, 6, 7 are code; 2 and 4 are comments').toEqual([5, 6, 7]);
  });
});
