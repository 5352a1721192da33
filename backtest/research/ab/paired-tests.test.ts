import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapSharpeDiff } from './bootstrap.ts';
import { pairedTTest, requiredPeriods, signTest, wilcoxonSignedRank } from './paired-tests.ts';

describe('paired tests', () => {
  it('paired t-test against a hand computation', () => {
    const d = [1, 2, 3, 4, 5];
    const r = pairedTTest(d);
    // mean 3, sd √2.5, t = 3 / (√2.5/√5) = 4.2426; scipy.stats.ttest_1samp: p = 0.013236.
    expect(r.t).toBeCloseTo(4.242640687, 8);
    expect(r.df).toBe(4);
    expect(r.p).toBeCloseTo(0.0132356, 6);
  });

  it('degenerate differences: all zero is p = 1, a constant non-zero difference p = 0, one value no test', () => {
    expect(pairedTTest([0, 0, 0, 0]).p).toBe(1);
    expect(pairedTTest([0.1, 0.1, 0.1]).p).toBe(0);
    expect(pairedTTest([0.1]).p).toBeNull();
  });

  it('negating the differences keeps the p-value and flips t', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 50 }), (d) => {
        const a = pairedTTest(d);
        const b = pairedTTest(d.map((x) => -x));
        expect(b.p).toBe(a.p);
        if (a.t !== null) expect(b.t).toBeCloseTo(-a.t, 9);
      }),
    );
  });

  it('sign test counts and p', () => {
    const r = signTest([1, 2, -1, 0, 3, 4, 5, 6, 7, 8, 9]);
    expect(r).toMatchObject({ positive: 9, negative: 1, zero: 1 });
    expect(r.p, '2 · P(X ≤ 1), X ~ Bin(10, 1/2) = 22/1024').toBeCloseTo(22 / 1024, 12);
  });

  it('Wilcoxon signed-rank matches scipy (approx, continuity correction)', () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.wPlus).toBe(55);
    expect(r.p).toBeCloseTo(0.005922, 5);
    const ties = wilcoxonSignedRank([1, -1, 2, 2, -2, 3, 3, 3, 0, 4]);
    expect(ties.n, 'zeros are dropped').toBe(9);
    expect(ties.wPlus, 'ranks: |1|×2 → 1.5, |2|×3 → 4, |3|×3 → 7, |4| → 9').toBe(1.5 + 4 + 4 + 7 * 3 + 9);
  });

  it('required periods: d = 0.5 at 80% power, α = 0.05 needs 34 (G*Power: 34)', () => {
    expect(requiredPeriods(0.5)).toBe(34);
    expect(requiredPeriods(-0.5), 'the sign of the effect does not matter').toBe(34);
    expect(requiredPeriods(0)).toBeNull();
    expect(requiredPeriods(0.2)!, 'smaller effects need more periods').toBeGreaterThan(190);
  });

  it('the Sharpe bootstrap is deterministic for a seed and covers the point estimate', () => {
    const rnd = (s: number) => () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    const g = rnd(42);
    const a = Float64Array.from({ length: 300 }, () => g() * 0.02 + 0.0005);
    const b = Float64Array.from({ length: 300 }, () => g() * 0.02 + 0.001);
    const x = bootstrapSharpeDiff(a, b, { periodsPerYear: 365, seed: 7, resamples: 500 });
    const y = bootstrapSharpeDiff(a, b, { periodsPerYear: 365, seed: 7, resamples: 500 });
    expect(y, 'same seed, same interval').toEqual(x);
    expect(x.low!).toBeLessThanOrEqual(x.diff!);
    expect(x.high!).toBeGreaterThanOrEqual(x.diff!);
    const z = bootstrapSharpeDiff(a, b, { periodsPerYear: 365, seed: 8, resamples: 500 });
    expect(z.low, 'another seed, another draw').not.toBe(x.low);
  });
});
