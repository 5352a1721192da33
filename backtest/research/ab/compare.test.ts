import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from '../../../data/synth.ts';
import { compareCurves } from './ab-job.ts';
import { compareReturns } from './compare.ts';

const OPTS = { control: 'A', variant: 'B', periodsPerYear: 365, periodName: 'daily', seed: 1, resamples: 400 };

function noise(n: number, seed: number, sd: number, drift = 0): Float64Array {
  const z = normalSource(mulberry32(seed));
  return Float64Array.from({ length: n }, () => drift + sd * z());
}

describe('A/B verdicts', () => {
  it('identical returns: no significant difference', () => {
    const a = noise(200, 1, 0.01);
    const c = compareReturns(a, Float64Array.from(a), OPTS);
    expect(c.verdict.code).toBe('no_difference');
    expect(c.verdict.text).toBe('no significant difference');
    expect(c.tTest.p).toBe(1);
    expect(c.sharpe.diff).toBe(0);
  });

  it('a variant that loses a fee every period with little noise is worse with 95% confidence', () => {
    const a = noise(300, 2, 0.01, 0.0005);
    const b = a.map((x, i) => x - 0.001 + 0.0005 * Math.sin(i));
    const c = compareReturns(a, b, OPTS);
    expect(c.verdict.code).toBe('worse');
    expect(c.verdict.text).toBe('B worse with 95% confidence');
    expect(c.tTest.p!).toBeLessThan(1e-6);
    expect(c.sharpe.high!, 'the whole Sharpe interval is below zero').toBeLessThan(0);
  });

  it('a variant with a real edge is better', () => {
    const a = noise(400, 3, 0.01);
    const b = a.map((x, i) => x + 0.002 + noise(400, 4, 0.004)[i]);
    expect(compareReturns(a, b, OPTS).verdict.text).toBe('B better with 95% confidence');
  });

  it('a plausible but unproven effect asks for more data, with the number of periods', () => {
    const a = noise(60, 5, 0.01);
    // Differences of mean 0.0025 and sd ≈ 0.01 (d ≈ 0.25): t ≈ 1.9 on 60 periods, ~128 needed at 80% power.
    const b = a.map((x, i) => x + 0.0025 + (i % 2 === 0 ? 0.01 : -0.01));
    const c = compareReturns(a, b, OPTS);
    expect(c.tTest.p!).toBeGreaterThan(0.05);
    expect(c.verdict.code).toBe('not_enough_data');
    expect(c.verdict.text).toMatch(/^not enough data yet: need ~\d+ more periods$/);
    expect(c.power.morePeriods).toBe(c.power.requiredPeriods! - 60);
  });

  it('pure noise on plenty of data: no significant difference', () => {
    const a = noise(1000, 7, 0.01);
    const b = a.map((x, i) => x + noise(1000, 8, 0.001)[i] - 0.000001);
    const c = compareReturns(a, b, OPTS);
    expect(c.verdict.code).toBe('no_difference');
  });

  it('too few periods are never judged', () => {
    const a = noise(5, 9, 0.01);
    const c = compareReturns(a, a.map((x) => x - 0.01), OPTS);
    expect(c.verdict.code).toBe('not_enough_data');
  });

  it('the confidence shown follows the family-wise level', () => {
    const a = noise(300, 2, 0.01);
    const b = a.map((x, i) => x - 0.001 + 0.0005 * Math.sin(i));
    expect(compareReturns(a, b, { ...OPTS, variant: 'C', alpha: 0.025, confidence: 0.95 }).verdict.text).toBe('C worse with 95% confidence');
  });
});

describe('A/B Sharpe over a short span', () => {
  /** A daily equity curve from returns: closes at midnight UTC, one a day from 2024-01-02. */
  const curve = (r: Float64Array) => {
    const time = Float64Array.from(r, (_, i) => Date.UTC(2024, 0, 2 + i));
    let e = 1000;
    return { time, equity: Float64Array.from(r, (x) => (e *= 1 + x)), capital: 1000 };
  };
  const perPeriod = (r: Float64Array) => {
    const m = r.reduce((a, x) => a + x, 0) / r.length;
    return m / Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / (r.length - 1));
  };

  it('is per period under the 30-day minimum, and annualised over 365 days a year from it on', () => {
    for (const [days, annualised] of [[12, false], [60, true]] as const) {
      const a = noise(days, 3, 0.01, 0.001);
      const b = noise(days, 4, 0.01, 0.002);
      const { sharpeBasis, comparisons } = compareCurves([curve(a), curve(b)], ['A', 'B'], { period: '1d', alpha: 0.05, power: 0.8, seed: 1, resamples: 50 });
      const s = comparisons[0].sharpe;
      const scale = annualised ? Math.sqrt(365) : 1;
      expect(sharpeBasis, `${days} days`).toMatch(annualised ? /^annualised over 365 periods a year$/ : /^per period, not annualised: span 12 days is shorter than the 30-day minimum/);
      expect(s.control!, `${days} days: control`).toBeCloseTo(perPeriod(a) * scale, 10);
      expect(s.variant!, `${days} days: variant`).toBeCloseTo(perPeriod(b) * scale, 10);
    }
  });
});
