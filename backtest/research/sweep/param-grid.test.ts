import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../../engine/config/parse.ts';
import { applyParams, combinationValues, gridSize, parseParamSpec, partialConfig, ParamSpecError } from './param-grid.ts';

const base = parseStrategyConfig({
  id: 'x',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 }, rsi: { period: 14 } },
  rules: { entry: { condition: 'ema_crossover_bullish AND rsi < 70' }, exit: { condition: 'ema_crossover_bearish' } },
  risk: { stopLoss: 0.02 },
});

describe('parseParamSpec', () => {
  it('expands an inclusive range start:end:step', () => {
    expect(parseParamSpec('indicators.rsi.period=7:21:7')).toEqual({ path: 'indicators.rsi.period', values: [7, 14, 21] });
    expect(parseParamSpec('a=1:10:4').values, 'the end is included only when a step lands on it').toEqual([1, 5, 9]);
    expect(parseParamSpec('a=3:5').values, 'start:end steps by 1').toEqual([3, 4, 5]);
    expect(parseParamSpec('a=5:5:1').values).toEqual([5]);
  });

  it('keeps decimal ranges clean (no 0.30000000000000004)', () => {
    expect(parseParamSpec('risk.stopLoss=0.1:0.5:0.1').values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(parseParamSpec('risk.stopLoss=0.005:0.02:0.005').values).toEqual([0.005, 0.01, 0.015, 0.02]);
  });

  it('reads lists of numbers, booleans and text', () => {
    expect(parseParamSpec('risk.stopLoss=0.01,0.02').values).toEqual([0.01, 0.02]);
    expect(parseParamSpec('allowShort=true,false').values).toEqual([true, false]);
    expect(parseParamSpec('execution.fill=next_open,close').values).toEqual(['next_open', 'close']);
    expect(parseParamSpec('capital=1e4').values, 'a single value is a one-value list').toEqual([10000]);
  });

  it('rejects malformed specs with the spec in the message', () => {
    for (const bad of ['period', '=1,2', 'a=', 'a..b=1', 'a=1:2:0', 'a=5:1', 'a=1:x', 'a=1:2:3:4', '__proto__.x=1', 'a=1,,2']) {
      expect(() => parseParamSpec(bad), bad).toThrow(ParamSpecError);
    }
    expect(() => parseParamSpec('a=1:2:0')).toThrow(/"a=1:2:0".*step/);
  });
});

describe('grid', () => {
  const specs = [parseParamSpec('a=1,2,3'), parseParamSpec('b=10,20')];

  it('counts combinations and refuses duplicate or overlapping paths', () => {
    expect(gridSize(specs)).toBe(6);
    expect(() => gridSize([])).toThrow(ParamSpecError);
    expect(() => gridSize([parseParamSpec('a=1'), parseParamSpec('a=2')])).toThrow(/twice/);
    expect(() => gridSize([parseParamSpec('risk=1'), parseParamSpec('risk.stopLoss=0.1')])).toThrow(/overlaps/);
  });

  it('numbers combinations row-major, the first parameter varying slowest', () => {
    const all = Array.from({ length: 6 }, (_, i) => combinationValues(specs, i));
    expect(all).toEqual([
      [1, 10],
      [1, 20],
      [2, 10],
      [2, 20],
      [3, 10],
      [3, 20],
    ]);
  });

  it('builds the nested partial config of a combination', () => {
    expect(partialConfig([parseParamSpec('indicators.rsi.period=7'), parseParamSpec('indicators.rsi.oversold=25'), parseParamSpec('risk.stopLoss=0.01')], [7, 25, 0.01])).toEqual({
      indicators: { rsi: { period: 7, oversold: 25 } },
      risk: { stopLoss: 0.01 },
    });
  });
});

describe('applyParams', () => {
  it('deep-merges the values into the base config and validates the result', () => {
    const specs = [parseParamSpec('indicators.fast.period=5'), parseParamSpec('risk.stopLoss=0.01')];
    const r = applyParams(base, specs, [5, 0.01]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.indicators.fast, 'only the period changed; the type and defaults stay').toEqual({ type: 'ema', period: 5, source: 'close', seeding: 'talib' });
    expect(r.config.indicators.slow).toEqual(base.indicators.slow);
    expect(r.config.risk).toEqual({ stopLoss: 0.01 });
    expect(r.config.rules, 'rules untouched').toEqual(base.rules);
  });

  it('reports an invalid combination with its reason instead of throwing', () => {
    const r = applyParams(base, [parseParamSpec('indicators.rsi.oversold=80')], [80]);
    expect(r).toEqual({ ok: false, reason: 'indicators.rsi.oversold: oversold must be below overbought' });
    const typo = applyParams(base, [parseParamSpec('risk.stopLos=0.01')], [0.01]);
    expect(typo.ok, 'an unknown key is a config error').toBe(false);
    expect(!typo.ok && typo.reason).toMatch(/risk\.stopLos: unknown key/);
    const range = applyParams(base, [parseParamSpec('risk.stopLoss=2')], [2]);
    expect(!range.ok && range.reason, 'schema limits apply to swept values').toMatch(/risk\.stopLoss/);
  });

  it('leaves the base config untouched', () => {
    const before = JSON.stringify(base);
    applyParams(base, [parseParamSpec('indicators.fast.period=3')], [3]);
    expect(JSON.stringify(base)).toBe(before);
  });
});
