import { describe, expect, it } from 'vitest';
import { safeParseStrategyConfig } from './parse.ts';

const base = { symbol: 'BTC/USDT', timeframe: '1m', rules: { entry: { condition: 'close > 1' } } };

describe('indicator errors in a strategy config', () => {
  it('name the path and suggest the closest type, like rule errors', () => {
    const r = safeParseStrategyConfig({ ...base, indicators: { k: { type: 'stoch_rsi' }, adx: { timePeriod: 1 } } });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems).toEqual([
      { path: 'indicators.k.type', message: 'unknown indicator type "stoch_rsi"; did you mean "stochrsi"?' },
      { path: 'indicators.adx.timePeriod', message: 'Too small: expected number to be >=2' },
    ]);
  });

  it('accept TA-Lib names with TA-Lib defaults, the shorthand and the original six names', () => {
    const r = safeParseStrategyConfig({ ...base, indicators: { stoch: {}, bb: {}, fast: { type: 'ema', period: 9 }, di: { type: 'plus_di' } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.indicators.stoch).toEqual({ type: 'stoch', fastKPeriod: 5, slowKPeriod: 3, slowKMAType: 'sma', slowDPeriod: 3, slowDMAType: 'sma' });
    expect(r.config.indicators.bb.type).toBe('bollinger');
    expect(r.config.indicators.di).toEqual({ type: 'plus_di', timePeriod: 14 });
  });
});
