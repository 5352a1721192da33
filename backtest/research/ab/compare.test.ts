import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from '../../../data/synth.ts';
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
