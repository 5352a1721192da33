import { describe, expect, it } from 'vitest';
import { mergeConfig } from './merge.ts';

describe('mergeConfig', () => {
  it('merges objects key by key and replaces anything else, without mutating the base', () => {
    const base = { a: 1, risk: { stopLoss: 0.02, takeProfit: 0.04 }, list: [1, 2] };
    const out = mergeConfig(base, { risk: { stopLoss: 0.03 }, list: [9], b: 'x' });
    expect(out, 'nested keys merge, arrays replace').toEqual({ a: 1, risk: { stopLoss: 0.03, takeProfit: 0.04 }, list: [9], b: 'x' });
    expect(base.risk.stopLoss, 'the base is untouched').toBe(0.02);
  });

  it('refuses __proto__ from JSON text with its path, and pollutes nothing', () => {
    const partial = JSON.parse('{"indicators":{"rsi":{"__proto__":{"polluted":1}}}}') as Record<string, unknown>;
    expect(() => mergeConfig({ indicators: { rsi: { period: 14 } } }, partial), 'the path names where the key was').toThrow(
      'indicators.rsi.__proto__: forbidden key',
    );
    expect(() => mergeConfig({}, JSON.parse('{"__proto__":{"polluted":1}}') as Record<string, unknown>)).toThrow('__proto__: forbidden key');
    expect(() => mergeConfig({}, { constructor: { prototype: {} } })).toThrow('constructor: forbidden key');
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype is clean').toBeUndefined();
  });
});
