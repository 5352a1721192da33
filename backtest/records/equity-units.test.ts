import { describe, expect, it } from 'vitest';
import { monthlyFromUnits } from '../../web/run-folder/read.ts';
import type { EquitySeries } from '../run/run-backtest.ts';
import { aggregateUnits, MONTH_UNIT, unitFor } from './equity-units.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly closes over January to March 2024: equity 100 + i at the i-th close (the first at 01:00 on 1 January). */
function hourly(): EquitySeries {
  const time: number[] = [];
  const equity: number[] = [];
  for (let i = 1; i <= 91 * 24; i++) {
    time.push(Date.UTC(2024, 0, 1) + i * HOUR);
    equity.push(100 + i);
  }
  return { time, equity, drawdown: equity.map(() => 0) } as unknown as EquitySeries;
}

describe('aggregateUnits', () => {
  it('gives the month-end equity of a plain loop at units coarser than the bar (the 00:00 close ends the month before)', () => {
    const s = hourly();
    // The plain loop: the equity of the last close at or before each month's end.
    const monthEnd = [Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1), Date.UTC(2024, 3, 1)].map((end) => s.equity[s.time.lastIndexOf(end)]);
    const expected = [monthEnd[0] / 100 - 1, monthEnd[1] / monthEnd[0] - 1, monthEnd[2] / monthEnd[1] - 1];
    for (const unit of [HOUR, 4 * HOUR, DAY]) {
      const monthly = monthlyFromUnits('s', aggregateUnits(s, unit), 100);
      expect(monthly.map((m) => m.month), `unit ${unit / HOUR} h`).toEqual([1, 2, 3]);
      monthly.forEach((m, k) => expect(m.value, `unit ${unit / HOUR} h, month ${m.month}`).toBeCloseTo(expected[k], 12));
    }
  });

  it('puts a close on a unit boundary in the unit it ends', () => {
    const u = aggregateUnits(hourly(), DAY);
    expect(u.start[0]).toBe(Date.UTC(2024, 0, 1));
    expect(u.tLast[0], 'the first day ends with the close at 00:00 on 2 January').toBe(Date.UTC(2024, 0, 2));
    expect(u.tFirst[1]).toBe(Date.UTC(2024, 0, 2) + HOUR);
  });

  it('aggregates by calendar month when a run is long enough, with the month-end equity of a plain loop', () => {
    // Daily closes over 90 years, 1950 to 2040: unitFor picks the month for 1,000 stored units.
    const time: number[] = [];
    for (let t = Date.UTC(1950, 0, 2); t <= Date.UTC(2040, 0, 1); t += DAY) time.push(t);
    const equity = time.map((_, i) => 1000 + 50 * Math.sin(i / 40) + i * 0.01);
    const s = { time, equity, drawdown: equity.map(() => 0) } as unknown as EquitySeries;
    expect(unitFor(time.at(-1)! - time[0], 1000)).toBe(MONTH_UNIT);
    const u = aggregateUnits(s, MONTH_UNIT);
    expect(u.start.length, 'one unit per month').toBe(90 * 12);
    expect(u.start.slice(0, 3)).toEqual([Date.UTC(1950, 0, 1), Date.UTC(1950, 1, 1), Date.UTC(1950, 2, 1)]);
    expect(u.tLast[1], 'February 1950 ends with the close at 00:00 on 1 March').toBe(Date.UTC(1950, 2, 1));
    const monthly = monthlyFromUnits('s', u, 1000);
    let prev = 1000;
    const expected: number[] = [];
    for (let i = 0; i < time.length; i++) {
      const d = new Date(time[i] - 1);
      const next = i + 1 < time.length ? new Date(time[i + 1] - 1) : null;
      if (next && next.getUTCMonth() === d.getUTCMonth()) continue;
      expected.push(equity[i] / prev - 1);
      prev = equity[i];
    }
    expect(monthly.length).toBe(expected.length);
    monthly.forEach((m, k) => expect(m.value, `${m.year}-${m.month}`).toBeCloseTo(expected[k], 12));
  });
});
