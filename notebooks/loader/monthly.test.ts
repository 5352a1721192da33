import { describe, expect, it } from 'vitest';
import { monthlyReturns } from './monthly.ts';

const t = (iso: string) => Date.parse(iso);

describe('monthlyReturns', () => {
  it('chains month-end equity, the first month from the starting capital', () => {
    const time = [t('2024-01-01T01:00Z'), t('2024-01-31T23:00Z'), t('2024-02-10T00:00Z'), t('2024-02-29T12:00Z'), t('2024-04-02T00:00Z')];
    const equity = [1000, 1100, 1000, 990, 1089];
    const r = monthlyReturns('s', time, equity, 1000);
    expect(r.map((x) => x.month), 'March has no point: skipped').toEqual(['2024-01', '2024-02', '2024-04']);
    expect(r[0].return, 'January: 1000 -> 1100').toBeCloseTo(0.1, 12);
    expect(r[1].return, 'February: 1100 -> 990').toBeCloseTo(-0.1, 12);
    expect(r[2].return, 'April: 990 -> 1089').toBeCloseTo(0.1, 12);
    const compounded = r.reduce((a, x) => a * (1 + x.return), 1) - 1;
    expect(compounded, 'monthly returns compound to the total return').toBeCloseTo(1089 / 1000 - 1, 12);
    expect(r[1]).toMatchObject({ strategy_id: 's', year: 2024, m: 2 });
  });

  it('uses UTC months and gives nothing for an empty curve', () => {
    const r = monthlyReturns('s', [t('2024-01-31T23:59Z'), t('2024-02-01T00:01Z')], [1, 2], 1);
    expect(r.map((x) => x.month)).toEqual(['2024-01', '2024-02']);
    expect(monthlyReturns('s', [], [], 1)).toEqual([]);
  });

  it('dates a close by the instant before it: 00:00 on the 1st is the last equity of the month it ends', () => {
    const r = monthlyReturns('s', [t('2024-01-31T00:00Z'), t('2024-02-01T00:00Z'), t('2024-02-01T01:00Z')], [1, 2, 3], 1);
    expect(r.map((x) => [x.month, x.return])).toEqual([['2024-01', 1], ['2024-02', 0.5]]);
  });
});
