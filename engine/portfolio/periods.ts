import { daysToCivil, isoTime } from '../iso-time.ts';

/**
 * Calendar periods for analytics, in UTC and without Date. An equity sample taken at a bar's close `t` belongs
 * to the period containing the instant just before `t` (a daily bar closing at midnight belongs to the day it
 * covered). Weeks start on Monday; months are calendar months.
 */
export type PeriodUnit = 'hour' | 'day' | 'week' | 'month';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export function hourKey(time: number): number {
  return Math.floor((time - 1) / HOUR);
}

export function dayKey(time: number): number {
  return Math.floor((time - 1) / DAY);
}

/** Week index of an epoch day: epoch day 4 (1970-01-05) was a Monday. */
export function weekKeyOfDay(day: number): number {
  return Math.floor((day - 4) / 7);
}

/** Month index (year · 12 + month − 1) of an epoch day; Howard Hinnant's civil-from-days. */
export function monthKeyOfDay(day: number): number {
  const [y, m] = daysToCivil(day);
  return y * 12 + (m - 1);
}

/** A readable label: `2024-01-05T13:00Z`, `2024-01-05`, the week's Monday `2024-01-01`, `2024-01`. */
export function periodLabel(key: number, unit: PeriodUnit): string {
  switch (unit) {
    case 'hour':
      return `${isoTime(key * HOUR).slice(0, 13)}:00Z`;
    case 'day':
      return isoTime(key * DAY).slice(0, 10);
    case 'week':
      return isoTime((key * 7 + 4) * DAY).slice(0, 10);
    case 'month': {
      const y = Math.floor(key / 12);
      return `${String(y).padStart(4, '0')}-${String(key - y * 12 + 1).padStart(2, '0')}`;
    }
  }
}

/** Periods per 365-day year, for annualising per-period volatility. */
export function periodsPerYear(unit: PeriodUnit): number {
  return unit === 'hour' ? 8760 : unit === 'day' ? 365 : unit === 'week' ? 365 / 7 : 12;
}
