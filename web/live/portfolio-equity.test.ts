import { describe, expect, it } from 'vitest';
import { portfolioEquity } from './portfolio-equity.ts';

const p = (time: number, equity: number) => ({ time, equity, drawdown: 0 });

describe('portfolioEquity', () => {
  it('sums each strategy’s latest mark at every time, counting a late starter from its first mark', () => {
    const fiveMin = [p(300, 1000), p(600, 1010), p(900, 990)];
    const fifteen = [p(900, 2000)];
    const late = [p(600, 500)];
    expect(portfolioEquity([fiveMin, fifteen, late])).toEqual([
      { time: 300, equity: 1000 },
      { time: 600, equity: 1010 + 500 },
      { time: 900, equity: 990 + 2000 + 500 },
    ]);
  });

  it('is empty without marks', () => {
    expect(portfolioEquity([[], []])).toEqual([]);
  });
});
