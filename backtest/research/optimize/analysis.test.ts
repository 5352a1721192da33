import { describe, expect, it } from 'vitest';
import { kurtosis, skewness } from '../stats/describe.ts';
import { momentShape } from './analysis.ts';
import { parameterImportance, robustness } from './robust.ts';
import { encode, parseDimension } from './space.ts';

describe('robust recommendation', () => {
  it('prefers a broad plateau to a lone spike', () => {
    const dims = [parseDimension('a=int:0:40'), parseDimension('b=int:0:40')];
    // A plateau of 0.8 around (30, 30) and a spike of 2.0 at (5, 5) with poor neighbours.
    const trials: { trial: number; u: number[]; values: number[]; score: number }[] = [];
    let n = 0;
    const add = (a: number, b: number, score: number) => trials.push({ trial: n++, u: [encode(dims[0], a), encode(dims[1], b)], values: [a, b], score });
    add(5, 5, 2.0);
    for (const [a, b] of [[4, 5], [6, 5], [5, 4], [5, 6], [6, 6]]) add(a, b, -0.5);
    for (const [a, b] of [[30, 30], [29, 30], [31, 30], [30, 29], [30, 31], [31, 31]]) add(a, b, 0.8);
    const r = robustness(dims, trials, { k: 5 });
    expect(r.best!.trial, 'the spike is the single best').toBe(0);
    expect(r.spike, 'and stands out from its neighbours').toBe(true);
    expect(trials[r.recommended!.trial].values.every((v) => v >= 29), 'the recommendation is on the plateau').toBe(true);
    expect(r.recommended!.neighbourhoodMean).toBeCloseTo(0.8, 12);
    expect(r.region.every((t) => trials[t].values[0] >= 29), 'the region is the plateau').toBe(true);
  });

  it('importance: the parameter that drives the score explains most of its variance', () => {
    const dims = [parseDimension('a=int:0:9'), parseDimension('b=int:0:9')];
    const trials = [];
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) trials.push({ trial: a * 10 + b, u: [a / 9, b / 9], values: [a, b], score: a + 0.01 * ((b * 7) % 3) });
    const imp = parameterImportance(dims, trials)!;
    expect(imp[0].explained).toBeGreaterThan(0.99);
    expect(imp[1].explained).toBeLessThan(0.01);
  });
});

describe('return moments', () => {
  it('skewness and kurtosis from running sums equal the direct computation', () => {
    const r = [0.01, -0.02, 0.003, 0.04, -0.011, 0.0005, 0.02, -0.03, 0.012, 0.007];
    const m = { n: r.length, s1: 0, s2: 0, s3: 0, s4: 0 };
    for (const x of r) {
      m.s1 += x;
      m.s2 += x * x;
      m.s3 += x ** 3;
      m.s4 += x ** 4;
    }
    const shape = momentShape(m);
    expect(shape.skew).toBeCloseTo(skewness(r)!, 9);
    expect(shape.kurt).toBeCloseTo(kurtosis(r)!, 9);
  });
});
