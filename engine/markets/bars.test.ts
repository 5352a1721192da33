import { describe, expect, it } from 'vitest';
import { barsPerSession, isBarOpen, marketBucketStart, missingBetween } from './bars.ts';
import { calendarFor } from './market.ts';

const us = calendarFor('us_equity');
const crypto = calendarFor('crypto');
const utc = (s: string) => Date.parse(s);

describe('bucketing in the market time zone', () => {
  it('1h US equity bars align to the 09:30 New York open on both sides of a DST change', () => {
    // 2024-03-10 New York moved from UTC-5 to UTC-4.
    expect(marketBucketStart(us, utc('2024-03-08T15:10:00Z'), '1h'), '10:10 EST is in the 09:30 bar').toBe(utc('2024-03-08T14:30:00Z'));
    expect(marketBucketStart(us, utc('2024-03-11T14:10:00Z'), '1h'), '10:10 EDT is in the 09:30 bar').toBe(utc('2024-03-11T13:30:00Z'));
    expect(marketBucketStart(us, utc('2024-03-11T19:45:00Z'), '1h'), '15:45 EDT: the 15:30 half bar').toBe(utc('2024-03-11T19:30:00Z'));
    expect(marketBucketStart(us, utc('2024-03-11T13:00:00Z'), '1h'), 'before the open: in no bar').toBeNull();
    expect(marketBucketStart(crypto, utc('2024-03-11T14:10:00Z'), '1h'), 'crypto keeps UTC hours').toBe(utc('2024-03-11T14:00:00Z'));
  });

  it('daily and weekly buckets open at New York midnight', () => {
    expect(marketBucketStart(us, utc('2024-03-08T20:59:00Z'), '1d')).toBe(utc('2024-03-08T05:00:00Z'));
    expect(marketBucketStart(us, utc('2024-03-11T13:30:00Z'), '1d')).toBe(utc('2024-03-11T04:00:00Z'));
    expect(marketBucketStart(us, utc('2024-03-13T15:00:00Z'), '1w'), 'the Monday').toBe(utc('2024-03-11T04:00:00Z'));
  });

  it('tells where a bar may open', () => {
    expect(isBarOpen(us, utc('2024-03-11T13:30:00Z'), '1h')).toBe(true);
    expect(isBarOpen(us, utc('2024-03-11T14:00:00Z'), '1h'), 'a UTC hour is not a session hour').toBe(false);
    expect(isBarOpen(us, utc('2024-03-11T00:00:00Z'), '1d'), 'a date stamp').toBe(true);
    expect(isBarOpen(us, utc('2024-03-11T04:00:00Z'), '1d'), 'New York midnight').toBe(true);
    expect(isBarOpen(us, utc('2024-03-11T13:30:00Z'), '1d')).toBe(false);
  });

  it('counts bars per regular session', () => {
    expect(barsPerSession(us, '1h')).toBe(6.5);
    expect(barsPerSession(us, '5m')).toBe(78);
  });
});

describe('missing bars', () => {
  const d = (s: string) => utc(`${s}T00:00:00Z`);

  it('daily: weekends and holidays are not missing, a skipped session is', () => {
    expect(missingBetween(us, '1d', d('2024-03-08'), d('2024-03-11')).count, 'Friday to Monday').toBe(0);
    expect(missingBetween(us, '1d', d('2024-03-28'), d('2024-04-01')).count, 'over Good Friday and the weekend').toBe(0);
    expect(missingBetween(us, '1d', d('2024-03-12'), d('2024-03-14')), 'Wednesday missing').toEqual({ count: 1, from: d('2024-03-13'), to: d('2024-03-13') });
    expect(missingBetween(crypto, '1d', d('2024-03-08'), d('2024-03-11')).count, 'crypto trades on weekends').toBe(2);
  });

  it('intraday: nights, weekends and holidays are not missing, a skipped hour is', () => {
    expect(missingBetween(us, '1h', utc('2024-03-08T20:30:00Z'), utc('2024-03-11T13:30:00Z')).count, 'Friday 15:30 EST to Monday 09:30 EDT').toBe(0);
    expect(missingBetween(us, '1h', utc('2024-03-11T14:30:00Z'), utc('2024-03-11T16:30:00Z')), '11:30 missing').toEqual({ count: 1, from: utc('2024-03-11T15:30:00Z'), to: utc('2024-03-11T15:30:00Z') });
    expect(missingBetween(us, '1h', utc('2024-03-11T19:30:00Z'), utc('2024-03-12T15:30:00Z')).count, 'the next morning missing 09:30 and 10:30').toBe(2);
    expect(missingBetween(us, '1h', utc('2024-07-03T16:30:00Z'), utc('2024-07-05T13:30:00Z')).count, 'early close, then the holiday').toBe(0);
  });
});
