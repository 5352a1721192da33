import { describe, expect, it } from 'vitest';
import type { Trade } from '../../../engine/types.ts';
import { monteCarlo, monteCarloTrades, percentile } from './monte-carlo.ts';

function trade(pnl: number): Trade {
  return { strategyId: 's', symbol: 'X/Y', side: 'long', quantity: 1, entryTime: 0, entryPrice: 100, exitTime: 1, exitPrice: 100 + pnl, pnl, return: pnl / 100, fees: 0, exitReason: 'exit' };
}

const trades = [300, -200, 150, -400, 500, -100, 250, -300, 50, 200].map(trade);

describe('percentile', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile(s, 0.5)).toBe(3);
    expect(percentile(s, 1)).toBe(5);
    expect(percentile(s, 0.05)).toBeCloseTo(1.2, 12);
    expect(percentile(Float64Array.from([7]), 0.95)).toBe(7);
  });
});

describe('monteCarloTrades', () => {
  it('replays the realised order exactly as "actual"', () => {
    const r = monteCarloTrades('s', trades, 10_000, 100, 1);
    const total = trades.reduce((a, t) => a + t.pnl, 0);
    expect(r.actual.finalReturn, 'compounding pnl/equity-before reproduces capital + Σ pnl').toBeCloseTo(total / 10_000, 12);
    // Closed-trade equity: 10300, 10100, 10250, 9850 ... peak 10300 then down to 9850.
    expect(r.actual.maxDrawdown).toBeCloseTo((10_300 - 9_850) / 10_300, 12);
  });

  it('shuffling leaves the final return unchanged and spreads the drawdown', () => {
    const r = monteCarloTrades('s', trades, 10_000, 500, 7);
    const fr = r.shuffle!.finalReturn;
    for (const p of [fr.p5, fr.p50, fr.p95]) expect(p, 'compounding is commutative').toBeCloseTo(r.actual.finalReturn, 10);
    const dd = r.shuffle!.maxDrawdown;
    expect(dd.p5).toBeLessThan(dd.p95);
    expect(dd.p5).toBeGreaterThan(0);
  });

  it('bootstrapping spreads the final return', () => {
    const r = monteCarloTrades('s', trades, 10_000, 500, 7);
    const fr = r.bootstrap!.finalReturn;
    expect(fr.p5).toBeLessThan(fr.p50);
    expect(fr.p50).toBeLessThan(fr.p95);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = monteCarloTrades('s', trades, 10_000, 200, 42);
    expect(monteCarloTrades('s', trades, 10_000, 200, 42)).toEqual(a);
    expect(monteCarloTrades('s', trades, 10_000, 200, 43).bootstrap).not.toEqual(a.bootstrap);
  });

  it('gives null distributions without trades', () => {
    const r = monteCarloTrades('s', [], 10_000, 100, 1);
    expect(r).toEqual({ id: 's', trades: 0, actual: { finalReturn: 0, maxDrawdown: 0 }, shuffle: null, bootstrap: null });
  });

  it('seeds each strategy from the seed and its id, not its position in the list', () => {
    const one = monteCarlo([{ id: 'b', trades, capital: 10_000 }], 100, 5).strategies[0];
    const two = monteCarlo([{ id: 'a', trades: trades.slice(0, 3), capital: 10_000 }, { id: 'b', trades, capital: 10_000 }], 100, 5).strategies[1];
    expect(two).toEqual(one);
  });
});
