import { describe, expect, it } from 'vitest';
import { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe } from './deflated-sharpe.ts';
import { neighbourhoods, robustness, varianceExplained, type GridParam, type GridPoint } from './grid.ts';
import { walkForwardDecay } from './walkforward-decay.ts';

/** A 7×7 grid: a broad hill around (a=4, b=40) and a lone spike at (a=1, b=10). */
const params: GridParam[] = [
  { path: 'a', values: [1, 2, 3, 4, 5, 6, 7] },
  { path: 'b', values: [10, 20, 30, 40, 50, 60, 70] },
];
const points: GridPoint[] = params[0].values.flatMap((a) =>
  params[1].values.map((b) => {
    const hill = 1.2 - 0.1 * ((Number(a) - 4) ** 2 + ((Number(b) - 40) / 10) ** 2);
    return { values: [a, b], score: a === 1 && b === 10 ? 3 : hill };
  }),
);

describe('grid robustness', () => {
  it('neighbours are the points one step away in any parameters (corners 4, edges 6, inside 9)', () => {
    const n = neighbourhoods(params, points);
    expect(n[0].length).toBe(4);
    expect(n[1].length).toBe(6);
    expect(n[8].length).toBe(9);
  });

  it('the single best is the spike, the robust best the top of the hill, the region around it', () => {
    const r = robustness(params, points);
    expect(points[r.best!].values, 'the lone spike scores highest').toEqual([1, 10]);
    expect(points[r.robust!].values, 'the hill top has the best neighbourhood').toEqual([4, 40]);
    expect(r.points[r.best!].neighbourhoodMean!, 'the spike’s neighbourhood (itself included) averages far below its own score').toBeLessThan(3 / 2);
    expect(r.points[r.best!].neighbourhoodMean!).toBeLessThan(r.points[r.robust!].neighbourhoodMean!);
    expect(r.region).toContain(r.robust);
    expect(r.regionValues[0].every((v) => Number(v) >= 3 && Number(v) <= 5)).toBe(true);
    expect(r.region.every((i) => points[i].values[0] !== 1), 'the spike is not in the region').toBe(true);
  });

  it('for lower-is-better metrics the orientation flips', () => {
    const neg = points.map((p) => ({ ...p, score: p.score === null ? null : -p.score }));
    const r = robustness(params, neg, { higherIsBetter: false });
    expect(points[r.robust!].values).toEqual([4, 40]);
    expect(r.points[r.robust!].neighbourhoodMean!).toBeLessThan(0);
  });

  it('variance explained: a parameter the score ignores explains nothing', () => {
    const grid: GridParam[] = [
      { path: 'fast', values: [5, 10, 15] },
      { path: 'noise', values: ['x', 'y'] },
    ];
    const pts: GridPoint[] = grid[0].values.flatMap((f) => grid[1].values.map((n) => ({ values: [f, n], score: Number(f) / 5 })));
    const v = varianceExplained(grid, pts)!;
    expect(v.params[0].explained).toBeCloseTo(1, 12);
    expect(v.params[1].explained).toBeCloseTo(0, 12);
    expect(v.params[0].means).toEqual([1, 2, 3]);
  });
});

describe('deflated Sharpe ratio', () => {
  it('reproduces the numerical example of Bailey and López de Prado (2014): SR0 = 0.1132, DSR = 0.9004', () => {
    const sr = 2.5 / Math.sqrt(250);
    expect(expectedMaxSharpe(100, 0.5 / 250)).toBeCloseTo(0.1132, 4);
    const d = deflatedSharpe({ sharpe: sr, trials: 100, trialVariance: 0.5 / 250, periods: 1250, skew: -3, kurtosis: 10 });
    expect(d.dsr!).toBeCloseTo(0.9004, 3);
    expect(d.measuredMoments).toBe(true);
  });

  it('more trials deflate more; one trial is the probabilistic Sharpe ratio against zero', () => {
    const base = { sharpe: 0.05, trialVariance: 0.001, periods: 1000 };
    expect(deflatedSharpe({ ...base, trials: 1000 }).dsr!).toBeLessThan(deflatedSharpe({ ...base, trials: 10 }).dsr!);
    expect(deflatedSharpe({ ...base, trials: 1 }).dsr).toBe(probabilisticSharpe(0.05, 0, 1000));
    expect(deflatedSharpe({ ...base, trials: 10 }).measuredMoments, 'normal assumed without moments').toBe(false);
  });
});

describe('walk-forward decay', () => {
  it('measures efficiency, degraded windows and the stability of the choice', () => {
    const d = walkForwardDecay([
      { index: 0, inSample: 2, outOfSample: 0.5, combination: 3 },
      { index: 1, inSample: 1.5, outOfSample: 1.2, combination: 3 },
      { index: 2, inSample: 2.5, outOfSample: -0.2, combination: 7 },
      { index: 3, inSample: null, outOfSample: null, combination: null },
    ]);
    expect(d.scored).toBe(3);
    expect(d.efficiency!).toBeCloseTo(1.5 / 6, 12);
    expect(d.degraded).toBe(2);
    expect(d.negative).toBe(1);
    expect(d).toMatchObject({ distinctChoices: 2, mostFrequent: { combination: 3, windows: 2 } });
  });
});
