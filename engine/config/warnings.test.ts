import { describe, expect, it } from 'vitest';
import { parseStrategyConfig as parseConfig } from './parse.ts';
import { configWarnings } from './warnings.ts';

const base = {
  id: 'rev',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'sma', period: 10 }, slow: { type: 'sma', period: 30 } },
  allowShort: true,
};

describe('configWarnings', () => {
  it('warns that a long may never open when the short is covered by the same crossing that enters long', () => {
    const config = parseConfig({
      ...base,
      rules: {
        entry: { condition: 'crosses_above(fast, slow)' },
        exit: { condition: 'crosses_below(fast, slow)' },
        shortEntry: { condition: 'crosses_below(fast, slow)' },
        shortExit: { condition: 'crosses_above(fast,slow)' },
      },
    });
    const w = configWarnings(config);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^rules\.entry and rules\.shortExit fire on the same bar \(crosses_above\(fast,slow\)\).*a long may never open/);
    expect(w[1]).toMatch(/^rules\.shortEntry and rules\.exit .*a short may never open/);
  });

  it('finds crossings whose arguments are function calls or lookbacks', () => {
    const config = parseConfig({
      ...base,
      rules: {
        entry: { condition: 'crosses_above(close, highest(high, 20)[1]) AND fast > slow' },
        shortEntry: { condition: 'fast < slow' },
        shortExit: { condition: 'crosses_above(close,highest(high,20)[1])' },
      },
    });
    expect(configWarnings(config)).toEqual([expect.stringMatching(/^rules\.entry and rules\.shortExit fire on the same bar \(crosses_above\(close,highest\(high,20\)\[1\]\)\)/)]);
  });

  it('is silent for level entries, and without allowShort', () => {
    const levels = parseConfig({
      ...base,
      rules: {
        entry: { condition: 'fast > slow' },
        exit: { condition: 'crosses_below(fast, slow)' },
        shortEntry: { condition: 'fast < slow' },
        shortExit: { condition: 'crosses_above(fast, slow)' },
      },
    });
    expect(configWarnings(levels)).toEqual([]);
    const longOnly = parseConfig({ ...base, allowShort: false, rules: { entry: { condition: 'crosses_above(fast, slow)' }, exit: { condition: 'crosses_below(fast, slow)' } } });
    expect(configWarnings(longOnly)).toEqual([]);
  });
});
