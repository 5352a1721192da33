import { describe, expect, it } from 'vitest';
import { downsampleIndexes } from './downsample.ts';

describe('downsampleIndexes', () => {
  it('keeps every row of a short curve', () => {
    expect(downsampleIndexes([1, 2, 3], [1, 1, 1], null, 10)).toEqual([0, 1, 2]);
  });

  it('keeps the ends, the extremes and the deepest drawdown of a long curve, in order, within the budget', () => {
    const n = 100_000;
    const time = Array.from({ length: n }, (_, i) => i * 60_000);
    const equity = time.map((_, i) => 10_000 + 500 * Math.sin(i / 900) + (i % 7));
    equity[31_337] = 20_000; // a spike
    equity[77_777] = 5_000; // a crash
    const drawdown = equity.map((e, i) => Math.max(0, 1 - e / Math.max(...equity.slice(Math.max(0, i - 50), i + 1))));
    const keep = downsampleIndexes(time, equity, drawdown, 2_000);
    expect(keep.length, 'at most the budget').toBeLessThanOrEqual(2_000);
    expect(keep.length, 'but not far below it').toBeGreaterThan(1_000);
    expect(keep[0]).toBe(0);
    expect(keep.at(-1)).toBe(n - 1);
    expect(keep, 'the spike survives').toContain(31_337);
    expect(keep, 'the crash survives').toContain(77_777);
    const worst = drawdown.indexOf(Math.max(...drawdown));
    expect(keep, 'the deepest drawdown survives').toContain(worst);
    expect([...keep].sort((a, b) => a - b)).toEqual(keep);
  });
});
