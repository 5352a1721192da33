import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.ts';
import { makeScope } from './test-scope.ts';

describe('generated rule functions', () => {
  it('keep separate crossing memory per rule instance (no state shared through generated code)', () => {
    const { values, scope } = makeScope({ a: 1, b: 2 });
    const first = compileRule('crosses_above(a, b)', scope, 'r');
    const second = compileRule('crosses_above(a, b)', scope, 'r');
    expect(first.test(), 'no previous bar yet').toBe(false);
    values.a = 3;
    expect(first.test(), 'a went from below b to above').toBe(true);
    expect(second.test(), 'the second rule has seen only one bar, so no crossing').toBe(false);
  });

  it('never splices rule text into code: a name that looks like code is just an unknown name', () => {
    const { scope } = makeScope({ a: 1 });
    expect(() => compileRule('a < 1; globalThis.x = 1', scope, 'r')).toThrow(/r:/);
    expect((globalThis as Record<string, unknown>).x).toBeUndefined();
  });

  it('division by zero is NaN, so comparisons on it are false, and != is false on NaN', () => {
    const { scope } = makeScope({ a: 1, z: 0 });
    expect(compileRule('a / z > 0 OR a / z < 0 OR a / z != 1', scope, 'r').test()).toBe(false);
    expect(compileRule('a / 2 == 0.5', scope, 'r').test()).toBe(true);
  });
});
