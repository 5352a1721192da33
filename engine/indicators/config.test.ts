import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES, IndicatorConfigSchema, IndicatorsConfigSchema, type IndicatorConfig } from './config.ts';

function issues(raw: unknown): { path: string; message: string }[] {
  const r = IndicatorConfigSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('IndicatorConfigSchema', () => {
  it('fills in the documented defaults', () => {
    expect(IndicatorConfigSchema.parse({ type: 'rsi' })).toEqual({ type: 'rsi', period: 14, overbought: 70, oversold: 30, source: 'close' });
    expect(IndicatorConfigSchema.parse({ type: 'macd' })).toEqual({
      type: 'macd',
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      source: 'close',
      seeding: 'talib',
    });
    expect(IndicatorConfigSchema.parse({ type: 'bollinger' })).toEqual({ type: 'bollinger', period: 20, stdDev: 2, source: 'close' });
    expect(IndicatorConfigSchema.parse({ type: 'atr' })).toEqual({ type: 'atr', period: 14 });
    expect(IndicatorConfigSchema.parse({ type: 'ema', period: 9 })).toEqual({ type: 'ema', period: 9, source: 'close', seeding: 'talib' });
    expect(IndicatorConfigSchema.parse({ type: 'sma', period: 50, source: 'hlc3' })).toEqual({ type: 'sma', period: 50, source: 'hlc3' });
  });

  it("normalises the alias 'bb' to 'bollinger'", () => {
    expect(IndicatorConfigSchema.parse({ type: 'bb', period: 10, stdDev: 1.5 })).toEqual({
      type: 'bollinger',
      period: 10,
      stdDev: 1.5,
      source: 'close',
    });
  });

  it('requires a period for sma and ema', () => {
    expect(issues({ type: 'sma' }).map((i) => i.path)).toEqual(['period']);
    expect(issues({ type: 'ema' }).map((i) => i.path)).toEqual(['period']);
  });

  it('rejects unknown keys (strict objects)', () => {
    expect(issues({ type: 'sma', period: 5, lenght: 3 })[0].message).toMatch(/lenght/);
    expect(issues({ type: 'bb', perod: 3 })[0].message).toMatch(/perod/);
  });

  it('rejects bad periods, naming the path', () => {
    for (const period of [0, -3, 2.5, 100_001, '14']) {
      expect(issues({ type: 'ema', period }).map((i) => i.path), `period ${String(period)}`).toEqual(['period']);
    }
    expect(issues({ type: 'ema', period: 100_000 })).toEqual([]);
    expect(issues({ type: 'rsi', period: 1 }).map((i) => i.path)).toEqual(['period']);
    expect(issues({ type: 'bollinger', stdDev: 0 }).map((i) => i.path)).toEqual(['stdDev']);
    expect(issues({ type: 'sma', period: 5, source: 'vwap' }).map((i) => i.path)).toEqual(['source']);
  });

  it('reports macd fastPeriod >= slowPeriod on fastPeriod', () => {
    expect(issues({ type: 'macd', fastPeriod: 26, slowPeriod: 12 })).toEqual([
      { path: 'fastPeriod', message: 'fastPeriod must be less than slowPeriod' },
    ]);
    expect(issues({ type: 'macd', fastPeriod: 30 }).map((i) => i.path)).toEqual(['fastPeriod']);
  });

  it('reports rsi oversold >= overbought on oversold', () => {
    expect(issues({ type: 'rsi', oversold: 80 }).map((i) => i.path)).toEqual(['oversold']);
    expect(issues({ type: 'rsi', overbought: 101 }).map((i) => i.path)).toEqual(['overbought']);
  });

  it('rejects an unknown type on the type path', () => {
    expect(issues({ type: 'vwapp', period: 3 }).map((i) => i.path)).toEqual(['type']);
    expect(issues({ period: 3 }).map((i) => i.path)).toEqual(['type']);
  });

  it('suggests the closest known type, naming the path, where a strategy file declares its indicators', () => {
    const r = IndicatorsConfigSchema.safeParse({ k: { type: 'stoch_rsi' }, osc: { type: 'ultimate' } });
    expect(r.success).toBe(false);
    const found = r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    expect(found[0]).toEqual({ path: 'k.type', message: 'unknown indicator type "stoch_rsi"; did you mean "stochrsi"?' });
    expect(found[1].path).toBe('osc.type');
    expect(found[1].message, 'nothing close: the known types are listed').toMatch(/^unknown indicator type "ultimate"; known types: sma, ema, .*zscore, bb$/);
  });

  it('lists every canonical type, each parseable with its defaults', () => {
    expect(INDICATOR_TYPES.slice(0, 6), 'the original six keep their names').toEqual(['sma', 'ema', 'rsi', 'macd', 'bollinger', 'atr']);
    expect(INDICATOR_TYPES.length, 'the registry has every indicator').toBe(55);
    expect(new Set(INDICATOR_TYPES).size, 'types are unique').toBe(INDICATOR_TYPES.length);
    for (const type of INDICATOR_TYPES) {
      const parsed: IndicatorConfig = IndicatorConfigSchema.parse({ type, ...(type === 'sma' || type === 'ema' ? { period: 3 } : {}) });
      expect(parsed.type).toBe(type);
    }
  });
});

describe('IndicatorsConfigSchema', () => {
  it('parses a name → config block and rejects non-identifier names', () => {
    expect(IndicatorsConfigSchema.parse({ fast: { type: 'ema', period: 9 }, bb: { type: 'bb' } })).toEqual({
      fast: { type: 'ema', period: 9, source: 'close', seeding: 'talib' },
      bb: { type: 'bollinger', period: 20, stdDev: 2, source: 'close' },
    });
    expect(IndicatorsConfigSchema.safeParse({ 'a.b': { type: 'atr' } }).success).toBe(false);
  });
});
