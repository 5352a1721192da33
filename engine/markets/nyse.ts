import { civilToDays, weekday } from './zone.ts';

/**
 * The New York Stock Exchange's full-day closures and 13:00 early closes, computed from its rules (NYSE Rule 7.2)
 * rather than taken from a package: the rules are short, have no runtime dependency, and are checked against 20
 * years of real ORCL trading days in the tests.
 *
 * - New Year's Day, Independence Day, Christmas, Juneteenth (from 2022): on a Sunday the Monday after is closed,
 *   on a Saturday the Friday before, except New Year's Day on a Saturday (that Friday ends a year and stays open).
 * - Martin Luther King Jr. Day (third Monday of January, from 1998), Washington's Birthday (third Monday of
 *   February), Good Friday, Memorial Day (last Monday of May), Labor Day (first Monday of September),
 *   Thanksgiving (fourth Thursday of November).
 * - Unscheduled closures: 1985-09-27 (Hurricane Gloria), 1994-04-27 (Nixon), 2001-09-11..14 (September 11),
 *   2004-06-11 (Reagan), 2007-01-02 (Ford), 2012-10-29/30 (Hurricane Sandy), 2018-12-05 (G. H. W. Bush),
 *   2025-01-09 (Carter).
 * - Early closes at 13:00 New York time: the day after Thanksgiving; 24 December on a Monday to Thursday; 3 July
 *   when Independence Day falls on a Tuesday to Friday. Older exceptions to these are not modelled.
 */

export const NYSE_SPECIAL_CLOSURES = [
  '1985-09-27',
  '1994-04-27',
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
  '2018-12-05',
  '2025-01-09',
] as const;

const special = new Set(NYSE_SPECIAL_CLOSURES.map((d) => civilToDays(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)))));

/** Epoch day of the n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  if (n > 0) {
    const first = civilToDays(year, month, 1);
    return first + ((dow - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = civilToDays(year, month + 1, 1) - 1;
  return last - ((weekday(last) - dow + 7) % 7);
}

/** Easter Sunday (Gregorian, the anonymous algorithm of Meeus/Jones/Butcher). */
export function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return civilToDays(year, month, day);
}

/** A fixed-date holiday's observed day: Sunday moves to Monday, Saturday to Friday (or nowhere, `saturdayStays`). */
function observed(day: number, saturdayDropped = false): number | null {
  const w = weekday(day);
  if (w === 0) return day + 1;
  if (w === 6) return saturdayDropped ? null : day - 1;
  return day;
}

const byYear = new Map<number, { closed: Set<number>; early: Set<number> }>();

function yearRules(year: number): { closed: Set<number>; early: Set<number> } {
  const hit = byYear.get(year);
  if (hit) return hit;
  const closed = new Set<number>();
  const add = (d: number | null) => d !== null && closed.add(d);
  add(observed(civilToDays(year, 1, 1), true));
  if (year >= 1998) add(nthWeekday(year, 1, 1, 3));
  add(nthWeekday(year, 2, 1, 3));
  add(easter(year) - 2);
  add(nthWeekday(year, 5, 1, -1));
  if (year >= 2022) add(observed(civilToDays(year, 6, 19)));
  add(observed(civilToDays(year, 7, 4)));
  add(nthWeekday(year, 9, 1, 1));
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  add(thanksgiving);
  add(observed(civilToDays(year, 12, 25)));
  // New Year's Day of the next year on a Saturday is not observed on this year's 31 December (see above).
  const early = new Set<number>([thanksgiving + 1]);
  const eve = civilToDays(year, 12, 24);
  if (weekday(eve) >= 1 && weekday(eve) <= 4) early.add(eve);
  const july4 = civilToDays(year, 7, 4);
  if (weekday(july4) >= 2 && weekday(july4) <= 5) early.add(july4 - 1);
  const rules = { closed, early };
  byYear.set(year, rules);
  return rules;
}

/** True when the NYSE is closed all day on this (New York) epoch day for a holiday or an unscheduled closure. */
export function nyseHoliday(day: number, year: number): boolean {
  return yearRules(year).closed.has(day) || special.has(day);
}

/** True when the NYSE closes at 13:00 on this (New York) epoch day. */
export function nyseEarlyClose(day: number, year: number): boolean {
  return yearRules(year).early.has(day);
}
