import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFiles, isTest, ROOT } from './source-files.ts';

/** A source file past this many lines does more than one job: split it. */
const MAX_LINES = 400;

describe('file size', () => {
  it(`every source file (not tests) is under ${MAX_LINES} lines`, () => {
    const sources = codeFiles().filter((f) => !isTest(f));
    expect(sources.length, 'the walk reaches the sources').toBeGreaterThan(300);
    const long = sources
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines >= MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long, `files of ${MAX_LINES} lines or more`).toEqual([]);
  });
});
