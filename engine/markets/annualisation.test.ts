import { describe, expect, it } from 'vitest';
import { annualisationOf, SESSIONS_PER_YEAR } from './annualisation.ts';
import { calendarFor } from './market.ts';
import { parseIsoDay } from './zone.ts';

describe('annualisationOf', () => {
  it('takes bars per year from the market', () => {
    expect(annualisationOf({ market: 'us_equity', timeframe: '1d' })).toEqual({ periodsPerYear: 252, source: 'market', basis: 'us_equity 1d: 252 sessions a year' });
    expect(annualisationOf({ market: 'us_equity', timeframe: '1h' }).periodsPerYear, '252 sessions × 6.5 hours').toBe(1638);
    expect(annualisationOf({ market: 'us_equity', timeframe: '5m' }).periodsPerYear, '252 × 78').toBe(19_656);
    expect(annualisationOf({ market: 'us_equity', timeframe: '1w' }).periodsPerYear).toBe(52);
    expect(annualisationOf({ timeframe: '1d' }).periodsPerYear, 'crypto by default: 365 days').toBe(365);
    expect(annualisationOf({ market: 'crypto', timeframe: '1h' }).periodsPerYear).toBe(8760);
  });

  it('lets the config say', () => {
    expect(annualisationOf({ market: 'us_equity', timeframe: '1d', periodsPerYear: 250 })).toEqual({ periodsPerYear: 250, source: 'config', basis: 'periodsPerYear 250 from the config' });
  });

  it('252 is what the us_equity calendar gives, year by year', () => {
    const us = calendarFor('us_equity');
    const counts: number[] = [];
    for (let y = 1995; y <= 2025; y++) {
      let n = 0;
      for (let d = parseIsoDay(`${y}-01-01`)!; d < parseIsoDay(`${y + 1}-01-01`)!; d++) if (us.isTradingDay(d)) n++;
      counts.push(n);
    }
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(Math.abs(mean - SESSIONS_PER_YEAR), `mean ${mean}`).toBeLessThan(1);
    expect(Math.min(...counts), '2001 lost four days to September 11').toBeGreaterThanOrEqual(248);
    expect(Math.max(...counts)).toBeLessThanOrEqual(254);
  });
});
