import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendarFor, MarketSchema } from './market.ts';
import { easter } from './nyse.ts';
import { civilToDays, isoDay, parseIsoDay, weekday } from './zone.ts';

const us = calendarFor('us_equity');
const day = (s: string) => parseIsoDay(s)!;
const utc = (s: string) => Date.parse(s);

describe('the us_equity calendar', () => {
  it('trades on exactly the days of 20 years of real ORCL daily bars (1995-2014)', () => {
    const text = readFileSync(new URL('../../data/samples/orcl-1995-2014.txt', import.meta.url), 'utf8');
    const traded = new Set(text.trim().split('\n').slice(1).map((l) => day(l.slice(0, 10))));
    const mismatches: string[] = [];
    for (let d = day('1995-01-03'); d <= day('2014-12-31'); d++) {
      if (us.isTradingDay(d) !== traded.has(d)) mismatches.push(`${isoDay(d)}: calendar ${us.isTradingDay(d) ? 'open' : 'closed'}, ORCL ${traded.has(d) ? 'traded' : 'did not'}`);
    }
    expect(traded.size, 'the file has its 5,036 rows').toBe(5036);
    expect(mismatches).toEqual([]);
  });

  it('knows the holidays and closures after 2014', () => {
    const closed = ['2018-12-05', '2022-06-20', '2023-04-07', '2024-06-19', '2025-01-09', '2025-07-04', '2026-01-19', '2027-06-18', '2022-12-26', '2021-07-05'];
    for (const d of closed) expect(us.isTradingDay(day(d)), `${d} is closed`).toBe(false);
    const open = ['2021-12-31', '2021-06-18', '2022-06-17', '2018-12-06', '2025-01-10', '2024-12-24'];
    for (const d of open) expect(us.isTradingDay(day(d)), `${d} is open`).toBe(true);
    expect(isoDay(easter(2024)), 'Easter 2024').toBe('2024-03-31');
    expect(isoDay(easter(2038)), 'Easter 2038').toBe('2038-04-25');
  });

  it('opens at 09:30 and closes at 16:00 New York time on both sides of a DST change', () => {
    expect(us.sessionsOn(day('2024-03-08')), 'EST: UTC-5').toEqual([{ open: utc('2024-03-08T14:30:00Z'), close: utc('2024-03-08T21:00:00Z') }]);
    expect(us.sessionsOn(day('2024-03-11')), 'EDT: UTC-4').toEqual([{ open: utc('2024-03-11T13:30:00Z'), close: utc('2024-03-11T20:00:00Z') }]);
    expect(us.sessionsOn(day('2024-03-09')), 'Saturday').toEqual([]);
  });

  it('closes at 13:00 on the day after Thanksgiving, 24 December and 3 July', () => {
    expect(us.sessionsOn(day('2024-11-29'))[0].close).toBe(utc('2024-11-29T18:00:00Z'));
    expect(us.sessionsOn(day('2024-12-24'))[0].close).toBe(utc('2024-12-24T18:00:00Z'));
    expect(us.sessionsOn(day('2024-07-03'))[0].close).toBe(utc('2024-07-03T17:00:00Z'));
    expect(us.sessionsOn(day('2024-12-23'))[0].close, 'a regular Monday').toBe(utc('2024-12-23T21:00:00Z'));
  });

  it('sessionEnd: when a day order placed at t expires', () => {
    expect(us.sessionEnd(utc('2024-03-11T15:00:00Z')), 'during a session: its close').toBe(utc('2024-03-11T20:00:00Z'));
    expect(us.sessionEnd(utc('2024-03-11T12:00:00Z')), 'before the open: that day').toBe(utc('2024-03-11T20:00:00Z'));
    expect(us.sessionEnd(utc('2024-03-11T20:00:00Z')), 'at the close: the next session').toBe(utc('2024-03-12T20:00:00Z'));
    expect(us.sessionEnd(utc('2024-03-09T15:00:00Z')), 'on a Saturday: Monday').toBe(utc('2024-03-11T20:00:00Z'));
    expect(us.sessionEnd(utc('2024-07-03T14:00:00Z')), 'an early close').toBe(utc('2024-07-03T17:00:00Z'));
    expect(us.sessionEnd(utc('2024-07-03T18:00:00Z')), 'after an early close, over the holiday').toBe(utc('2024-07-05T20:00:00Z'));
    expect(calendarFor('crypto').sessionEnd(utc('2024-07-03T18:00:00Z')), 'crypto: the UTC day').toBe(utc('2024-07-04T00:00:00Z'));
  });

  it('sessionAt says whether the market trades at an instant', () => {
    expect(us.sessionAt(utc('2024-03-11T13:29:59Z'))).toBeNull();
    expect(us.sessionAt(utc('2024-03-11T13:30:00Z'))?.open).toBe(utc('2024-03-11T13:30:00Z'));
    expect(us.sessionAt(utc('2024-03-11T20:00:00Z')), 'the close is exclusive').toBeNull();
  });
});

describe('a custom market', () => {
  const tokyo = calendarFor(
    MarketSchema.parse({ name: 'tse', timeZone: 'Asia/Tokyo', sessions: [{ open: '09:00', close: '11:30' }, { open: '12:30', close: '15:00' }], holidays: ['2024-01-01', '2024-01-02', '2024-01-03'] }),
  );

  it('has its sessions in its own time zone and its own holidays', () => {
    expect(tokyo.name).toBe('tse');
    expect(tokyo.sessionsOn(day('2024-01-04'))).toEqual([
      { open: utc('2024-01-04T00:00:00Z'), close: utc('2024-01-04T02:30:00Z') },
      { open: utc('2024-01-04T03:30:00Z'), close: utc('2024-01-04T06:00:00Z') },
    ]);
    expect(tokyo.isTradingDay(day('2024-01-03'))).toBe(false);
    expect(tokyo.regularSessionMs).toBe(5 * 3_600_000);
  });

  it('refuses bad specs with the path of the mistake', () => {
    const r = MarketSchema.safeParse({ timeZone: 'Mars/Olympus', sessions: [{ open: '16:00', close: '09:30' }], holidays: ['2024-02-30'] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'holidays.0']));
  });
});

describe('epoch-day arithmetic', () => {
  it('round-trips dates and weekdays', () => {
    expect(civilToDays(1970, 1, 1)).toBe(0);
    expect(isoDay(civilToDays(2000, 2, 29))).toBe('2000-02-29');
    expect(weekday(day('2024-03-11')), 'a Monday').toBe(1);
    expect(parseIsoDay('2023-02-29'), 'no such date').toBeNull();
    for (let d = -700_000; d < 2_900_000; d += 997) expect(civilToDays(...(isoDay(d).split('-').map(Number) as [number, number, number]))).toBe(d);
  });
});
