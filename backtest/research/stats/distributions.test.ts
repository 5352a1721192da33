import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialTwoSidedHalf, logGamma, normalCdf, normalQuantile, studentTCdf, studentTTwoSided } from './distributions.ts';

describe('distributions', () => {
  it('match published values (scipy.stats)', () => {
    expect(logGamma(5), 'Γ(5) = 24').toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5), 'Γ(1/2) = √π').toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    expect(studentTTwoSided(2, 10), 't.sf(2, 10) * 2').toBeCloseTo(0.0733880347, 8);
    expect(studentTTwoSided(2.228138851986, 10), 'the 97.5% quantile of t(10)').toBeCloseTo(0.05, 8);
    expect(studentTCdf(1.812461123, 10)).toBeCloseTo(0.95, 8);
    expect(studentTCdf(-1.812461123, 10)).toBeCloseTo(0.05, 8);
    expect(studentTTwoSided(0, 5)).toBe(1);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212336, 7);
    expect(binomialTwoSidedHalf(0, 10), '2 / 2^10').toBeCloseTo(2 / 1024, 12);
    expect(binomialTwoSidedHalf(2, 10), '2 · (1 + 10 + 45) / 1024').toBeCloseTo(112 / 1024, 12);
    expect(binomialTwoSidedHalf(5, 10), 'a perfect split is capped at 1').toBe(1);
  });

  it('the normal quantile inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
      }),
    );
  });

  it('the t CDF approaches the normal one for many degrees of freedom', () => {
    for (const t of [-2, -0.5, 0.3, 1.7]) expect(studentTCdf(t, 1e6)).toBeCloseTo(normalCdf(t), 5);
  });
});
