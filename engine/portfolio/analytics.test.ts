import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../iso-time.ts';
import { FLAGGED_KEPT, portfolioAnalytics, ROLLING_PAIRS } from './analytics.ts';
import { correlation, correlationMatrix, rollingCorrelation } from './correlation.ts';
import { dayKey, monthKeyOfDay, periodLabel, weekKeyOfDay } from './periods.ts';
import { EquitySampler, type SampledEquity } from './sampler.ts';

const DAY = 86_400_000;
const T0 = 1_704_067_200_000; // 2024-01-01, a Monday

/** Feeds equity paths (one row per event time) through the sampler. */
function sample(ids: string[], initial: number[], times: number[], paths: number[][], idle = 0): SampledEquity {
  const s = new EquitySampler(ids, initial, idle);
  times.forEach((t, k) => s.onTime(t, paths[k]));
  return s.finish();
}

/** n daily variants of one return stream over 60 days, variant k with noise of weight k * `noise`. */
function variants(n: number, noise: number) {
  const ids = Array.from({ length: n }, (_, k) => `v${k}`);
  const times: number[] = [];
  const paths: number[][] = [];
  let e = ids.map(() => 100);
  for (let d = 1; d <= 60; d++) {
    const base = 0.01 * Math.sin(d * 1.7);
    e = e.map((x, k) => x * (1 + base + noise * k * Math.cos(d * (k + 2.3))));
    times.push(T0 + d * DAY);
    paths.push(e);
  }
  return sample(ids, ids.map(() => 100), times, paths);
}

describe('periods', () => {
  it('a sample at a bar close belongs to the period the bar covered', () => {
    expect(dayKey(T0 + DAY), 'the daily bar of Jan 1 closes at midnight of Jan 2').toBe(dayKey(T0 + 1));
    expect(periodLabel(dayKey(T0 + DAY), 'day')).toBe('2024-01-01');
    expect(periodLabel(weekKeyOfDay(dayKey(T0 + 7 * DAY)), 'week'), 'weeks start on Monday').toBe('2024-01-01');
    expect(periodLabel(monthKeyOfDay(dayKey(T0 + 31 * DAY + 1)), 'month')).toBe('2024-02');
  });

  it('month keys agree with the calendar for any day', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (day) => {
        expect(periodLabel(monthKeyOfDay(day), 'month')).toBe(isoTime(day * DAY).slice(0, 7));
      }),
      { numRuns: 300 },
    );
  });
});

describe('attribution', () => {
  it('sums exactly (to 1e-9) to the portfolio return over the run and in every day, week and month, for random equity paths', () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 5 }),
      steps: fc.array(fc.integer({ min: 1, max: 3 * DAY }), { minLength: 1, maxLength: 120 }),
      seed: fc.array(fc.double({ min: -0.2, max: 0.25, noNaN: true }), { minLength: 600, maxLength: 600 }),
      idle: fc.double({ min: 0, max: 50_000, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, ({ n, steps, seed, idle }) => {
        const ids = Array.from({ length: n }, (_, i) => `s${i}`);
        const initial = ids.map((_, i) => 10_000 * (i + 1));
        let t = T0;
        let cur = [...initial];
        const times: number[] = [];
        const paths: number[][] = [];
        steps.forEach((dt, k) => {
          t += dt;
          cur = cur.map((e, i) => Math.max(1, e * (1 + seed[(k * n + i) % seed.length])));
          times.push(t);
          paths.push(cur);
        });
        const a = portfolioAnalytics(sample(ids, initial, times, paths, idle));
        const total = (idle + cur.reduce((x, y) => x + y, 0)) / (idle + initial.reduce((x, y) => x + y, 0)) - 1;
        const sum = (c: Record<string, number>) => Object.values(c).reduce((x, y) => x + y, 0);
        expect(Math.abs(a.attribution.total.portfolioReturn - total)).toBeLessThan(1e-9);
        expect(Math.abs(sum(a.attribution.total.contributions) - total)).toBeLessThan(1e-9);
        for (const unit of ['day', 'week', 'month'] as const) {
          let growth = 1;
          for (const p of a.attribution[unit]) {
            expect(Math.abs(sum(p.contributions) - p.portfolioReturn), `${unit} ${p.period}`).toBeLessThan(1e-9);
            growth *= 1 + p.portfolioReturn;
          }
          expect(Math.abs(growth - 1 - total), `${unit} returns compound to the total`).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('per-period contributions divide by the portfolio equity at the period start', () => {
    const s = sample(['a', 'b'], [100, 100], [T0 + DAY, T0 + 2 * DAY], [[110, 100], [110, 90]], 0);
    const a = portfolioAnalytics(s);
    expect(a.attribution.day.map((d) => d.period)).toEqual(['2024-01-01', '2024-01-02']);
    expect(a.attribution.day[0].contributions).toEqual({ a: 0.05, b: 0 });
    expect(a.attribution.day[1].contributions).toEqual({ a: 0, b: -10 / 210 });
    expect(a.attribution.total.contributions).toEqual({ a: 0.05, b: -0.05 });
    expect(a.attribution.week).toHaveLength(1);
    expect(a.attribution.month.map((m) => m.period)).toEqual(['2024-01']);
  });
});

describe('correlation', () => {
  it('a series with itself is 1; with its negation −1; degenerate cases are null', () => {
    const x = [0.01, -0.02, 0.03, 0.005, -0.01];
    expect(correlation(x, x)).toBeCloseTo(1, 14);
    expect(correlation(x, x.map((v) => -v))).toBeCloseTo(-1, 14);
    expect(correlation([1, 1, 1], [1, 2, 3]), 'zero variance').toBeNull();
    expect(correlation([1, 2], [1, 2]), 'too few points').toBeNull();
    const m = correlationMatrix([x, x.map((v) => 2 * v + 1), [0, 0, 0, 0, 0]]);
    expect(m.get(0, 0)).toBeCloseTo(1, 14);
    expect(m.get(0, 1)).toBeCloseTo(1, 14);
    expect(m.get(2, 2)).toBeNull();
    expect(m.get(1, 0)).toBe(m.get(0, 1));
    expect(m.get(0, 2), 'against a series without variance').toBeNull();
    expect(JSON.parse(JSON.stringify(m)), 'JSON holds the nested rows').toEqual(m.rows());
    expect(m.rows()).toEqual([0, 1, 2].map((i) => [0, 1, 2].map((j) => m.get(i, j))));
    expect(m.rows()[2]).toEqual([null, null, null]);
    expect(() => m.get(0, 3)).toThrow(RangeError);
  });

  it('rolling correlation fills once the window is full', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [1, 2, 3, 3, 2, 1];
    const r = rollingCorrelation(a, b, 3);
    expect(r.slice(0, 2)).toEqual([null, null]);
    expect(r[2]).toBeCloseTo(1, 14);
    expect(r[5]).toBeCloseTo(-1, 14);
  });

  it('flags pairs above the threshold and computes the diversification ratio', () => {
    const days = 30;
    const ids = ['a', 'twin', 'anti'];
    const times: number[] = [];
    const paths: number[][] = [];
    let e = [100, 100, 100];
    for (let d = 1; d <= days; d++) {
      const r = 0.01 * Math.sin(d * 1.7);
      e = [e[0] * (1 + r), e[1] * (1 + r), e[2] * (1 - r)];
      times.push(T0 + d * DAY);
      paths.push(e);
    }
    const a = portfolioAnalytics(sample(ids, [100, 100, 100], times, paths));
    expect(a.correlation.period).toBe('day');
    expect(a.correlation.periods).toBe(days);
    expect(a.correlation.flagged.map((f) => [f.a, f.b])).toEqual([['a', 'twin']]);
    expect(a.correlation.flagged[0].correlation).toBeCloseTo(1, 12);
    expect(a.correlation.matrix.get(0, 2)).toBeCloseTo(-1, 6);
    expect(a.correlation.rolling.pairs).toHaveLength(3);
    expect(a.correlation.rolling.labels[0]).toBe('2024-01-01');
    expect(a.diversificationRatio!, 'an offsetting strategy diversifies').toBeGreaterThan(1.5);
    const same = portfolioAnalytics(sample(['a', 'twin'], [100, 100], times, paths.map((p) => [p[0], p[1]])));
    expect(same.diversificationRatio!).toBeCloseTo(1, 9);
  });

  it('beyond 10 strategies computes the rolling correlation of the ROLLING_PAIRS most correlated flagged pairs only', () => {
    // 30 variants of one return stream, variant k with noise of weight k: most pairs are flagged.
    const a = portfolioAnalytics(variants(30, 0.0004));
    expect(a.correlation.flagged.length, 'most of the 435 pairs are flagged').toBeGreaterThan(ROLLING_PAIRS * 2);
    expect(a.correlation.flaggedCount).toBe(a.correlation.flagged.length);
    expect(a.correlation.rolling.pairs.map((p) => [p.a, p.b])).toEqual(a.correlation.flagged.slice(0, ROLLING_PAIRS).map((f) => [f.a, f.b]));
  });

  it('keeps the FLAGGED_KEPT most correlated pairs and counts them all', () => {
    // 60 variants: 1,770 pairs, more than FLAGGED_KEPT of them flagged.
    const n = 60;
    const c = portfolioAnalytics(variants(n, 0.0001)).correlation;
    let above = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) above += (c.matrix.get(i, j) ?? -Infinity) > c.threshold ? 1 : 0;
    expect(above, 'the fleet flags more than FLAGGED_KEPT pairs').toBeGreaterThan(FLAGGED_KEPT);
    expect(c.flaggedCount).toBe(above);
    expect(c.flagged).toHaveLength(FLAGGED_KEPT);
    const weakestKept = c.flagged[FLAGGED_KEPT - 1].correlation;
    for (let k = 1; k < c.flagged.length; k++) expect(c.flagged[k].correlation).toBeLessThanOrEqual(c.flagged[k - 1].correlation);
    let stronger = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) stronger += (c.matrix.get(i, j) ?? -Infinity) > weakestKept ? 1 : 0;
    expect(stronger, 'no pair left out is more correlated than the weakest kept').toBeLessThanOrEqual(FLAGGED_KEPT);
  });

  it('short runs correlate hourly returns', () => {
    const times = Array.from({ length: 48 }, (_, i) => T0 + (i + 1) * 3_600_000);
    const paths = times.map((_, i) => [100 + Math.sin(i), 100 + Math.cos(i)]);
    const a = portfolioAnalytics(sample(['a', 'b'], [100, 100], times, paths));
    expect(a.correlation.period).toBe('hour');
    expect(a.correlation.periods).toBe(48);
  });
});
