import { describe, expect, it } from 'vitest';
import { SUITES } from './index.ts';
import { SUITE_NAMES } from './names.ts';

describe('suite names', () => {
  it('match the suites, in run order (the help text lists them without loading the suites)', () => {
    expect([...SUITE_NAMES]).toEqual(SUITES.map((s) => s.name));
  });
});
