import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from './parse.ts';
import { detailBarsPerBar } from './detail-timeframe.ts';

const base = { id: 's', symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'close > 1' } } };

describe('execution.detail in the strategy config', () => {
  it('accepts a finer timeframe that divides the strategy\'s, and leaves the execution block as it was without one', () => {
    expect(parseStrategyConfig({ ...base, execution: { detail: '1m' } }).execution.detail).toBe('1m');
    expect(parseStrategyConfig({ ...base, execution: { detail: '15m' } }).execution.detail).toBe('15m');
    expect(parseStrategyConfig({ ...base, timeframe: '1w', execution: { detail: '1d' } }).execution.detail).toBe('1d');
    expect(parseStrategyConfig(base).execution, 'absent: no detail key at all').toEqual({ fill: 'next_open', feeBps: 10, slippageBps: 0 });
  });
  it('refuses one that is not finer, or does not divide, naming the field and both timeframes', () => {
    expect(() => parseStrategyConfig({ ...base, execution: { detail: '1h' } })).toThrow(/execution\.detail: execution\.detail "1h" must be finer than the strategy's timeframe "1h"/);
    expect(() => parseStrategyConfig({ ...base, execution: { detail: '4h' } })).toThrow(/execution\.detail: .*"4h" must be finer than the strategy's timeframe "1h"/);
    expect(() => parseStrategyConfig({ ...base, execution: { detail: '7m' } })).toThrow(/execution\.detail: .*"7m" must divide the strategy's timeframe "1h"/);
    expect(() => parseStrategyConfig({ ...base, execution: { detail: 'minute' } })).toThrow(/execution\.detail: timeframe looks like 1m/);
  });
  it('counts the detail bars in one strategy bar (an N-bar time in force lasts N × that many)', () => {
    expect(detailBarsPerBar('1h', '1m')).toBe(60);
    expect(detailBarsPerBar('1d', '4h')).toBe(6);
    expect(detailBarsPerBar('1h', undefined)).toBe(1);
  });
});
