import { describe, expect, it } from 'vitest';
import { syntheticCandles } from '../candles.ts';
import { ruleLanguageFigures } from './replay.ts';

describe('replay suite: rule-language figures', () => {
  it('times every rule and both fleets, giving finite positive ns figures (a smoke run on 3,000 candles)', () => {
    const lines: string[] = [];
    const figures = ruleLanguageFigures(syntheticCandles(3_000), { quick: true, log: (l) => lines.push(l), gc: () => {} });
    expect(figures.map((f) => f.name)).toEqual([
      'rule test: plain',
      'rule test: crossing',
      'rule test: lookback + highest',
      'rule test: sma, ema, stdev, bars_since',
      '100 strategies (standard) ns/update',
      '100 strategies (lookback/window rules) ns/update',
    ]);
    for (const f of figures) expect(Number.isFinite(f.value) && f.value > 0, `${f.name}: ${f.value}`).toBe(true);
    expect(lines.filter((l) => / trades$/.test(l)).length, 'each fleet reports the trades it made').toBe(2);
  });
});
