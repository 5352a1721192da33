import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_DEPTH, tooDeepPath } from './depth.ts';
import { safeParseStrategyConfig } from './parse.ts';

/** `{ params: { a: { a: ... } } }` nested `levels` deep below params. */
function deep(levels: number): Record<string, unknown> {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return { id: 'deep', symbol: 'BTC/USDT', timeframe: '1m', rules: { entry: { condition: 'close > 1' } }, params: v };
}

describe('config nesting depth', () => {
  it('measures depth without recursion and names the path where the limit is crossed', () => {
    expect(tooDeepPath(deep(5))).toBeNull();
    expect(tooDeepPath(deep(5000)), 'path to the first object past the limit').toBe(['params', ...Array(MAX_CONFIG_DEPTH - 1).fill('a')].join('.'));
    expect(tooDeepPath([[[[1]]]], 3)).toBe('[0][0][0]');
  });

  it('a config 5,000 levels deep is a config problem with its path, not a stack overflow', () => {
    const r = safeParseStrategyConfig(deep(5000));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].path.startsWith('params.a.a.')).toBe(true);
    expect(r.problems[0].message).toBe(`nested more than ${MAX_CONFIG_DEPTH} levels deep`);
  });
});
