import { describe, expect, it } from 'vitest';
import { safeParseStrategyConfig } from './parse.ts';
import { declaredSeries, longestTimeframeMs, neededSeries } from './series.ts';
import { parseStrategyConfig } from './parse.ts';

const base = { symbol: 'BTC/USDT', timeframe: '15m', rules: { entry: { condition: 'close > 1' } } };

function problems(raw: unknown): string[] {
  const r = safeParseStrategyConfig(raw);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('informative series in a config', () => {
  it('declares series by alias; symbol defaults to the strategy’s; indicators bind by alias', () => {
    const c = parseStrategyConfig({
      ...base,
      series: { h4: { timeframe: '4h' }, eth: { symbol: 'ETH/USDT', timeframe: '15m' } },
      indicators: { trend: { type: 'ema', period: 50, series: 'h4' }, rsi: { period: 14 } },
      rules: { entry: { condition: 'close > trend AND close@eth > 0 AND volume@h4 > 0' } },
    });
    expect(declaredSeries(c)).toEqual([
      { alias: null, symbol: 'BTC/USDT', timeframe: '15m' },
      { alias: 'h4', symbol: 'BTC/USDT', timeframe: '4h' },
      { alias: 'eth', symbol: 'ETH/USDT', timeframe: '15m' },
    ]);
    expect(c.indicators.trend, 'the binding survives parsing').toMatchObject({ type: 'ema', period: 50, series: 'h4' });
    expect('series' in c.indicators.rsi, 'unbound indicators carry no series key').toBe(false);
    expect(longestTimeframeMs(c)).toBe(4 * 3_600_000);
    expect(neededSeries([c, { symbol: 'ETH/USDT', timeframe: '15m' }]), 'each series once').toHaveLength(3);
  });

  it('a single-series config parses exactly as before (no series key appears)', () => {
    expect('series' in parseStrategyConfig(base)).toBe(false);
  });

  it('names the path and suggests the alias for an unknown series', () => {
    expect(problems({ ...base, series: { h4: { timeframe: '4h' } }, indicators: { trend: { type: 'ema', period: 5, series: 'h44' } } })).toEqual([
      'indicators.trend.series: unknown series "h44" (did you mean "h4"?); declared: h4',
    ]);
    expect(problems({ ...base, indicators: { trend: { type: 'ema', period: 5, series: 'h4' } } })[0]).toMatch(/^indicators\.trend\.series: unknown series "h4": declare it in "series" first/);
    expect(problems({ ...base, indicators: { trend: { type: 'ema', period: 5, series: 4 } } })[0]).toMatch(/^indicators\.trend\.series: series is the alias/);
  });

  it('refuses an alias of the primary series, a repeated series, a bad timeframe or symbol, and unknown keys', () => {
    expect(problems({ ...base, series: { me: { timeframe: '15m' } } })).toEqual(["series.me: BTC/USDT 15m is the strategy's own series; refer to it without an alias"]);
    expect(problems({ ...base, series: { a: { timeframe: '1h' }, b: { symbol: 'BTC/USDT', timeframe: '1h' } } })).toEqual(['series.b: BTC/USDT 1h is already declared as "a"']);
    expect(problems({ ...base, series: { a: { timeframe: '0h' } } })[0]).toMatch(/^series\.a\.timeframe: timeframe looks like/);
    expect(problems({ ...base, series: { a: { symbol: 'ETH USDT', timeframe: '1h' } } })[0]).toMatch(/^series\.a\.symbol: not a symbol: a symbol is a pair BASE\/QUOTE/);
    expect(problems({ ...base, series: { a: { timeframe: '1h', tf: 3 } } })).toEqual(['series.a.tf: unknown key "tf"']);
    expect(problems({ ...base, series: { '4h': { timeframe: '4h' } } })[0]).toMatch(/^series\.4h: series aliases are identifiers/);
  });

  it('rules read field@alias; a misspelt alias gets a did-you-mean', () => {
    const p = problems({ ...base, series: { h4: { timeframe: '4h' } }, rules: { entry: { condition: 'close > close@h44' } } });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^rules\.entry\.condition: .*close@h44.*did you mean "close@h4"/s);
  });
});
