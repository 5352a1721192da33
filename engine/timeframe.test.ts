import { describe, expect, it } from 'vitest';
import { barsPerYear, bucketStart, isTimeframe, timeframeMs } from './timeframe.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** 2024-01-01T00:00:00Z was a Monday; 2024-01-04 a Thursday. */
const MON = Date.UTC(2024, 0, 1);

describe('timeframeMs', () => {
  it.each([
    ['1s', 1_000],
    ['1m', MIN],
    ['5m', 5 * MIN],
    ['15m', 15 * MIN],
    ['1h', HOUR],
    ['4h', 4 * HOUR],
    ['1d', DAY],
    ['1w', 7 * DAY],
  ])('%s is %i ms', (tf, ms) => {
    expect(timeframeMs(tf), `${tf} is a number times its unit`).toBe(ms);
  });

  it.each(['', 'm', '15', '0m', '1y', '1M', '-5m', '1.5h', ' 1m', '1m '])('rejects %j naming it', (tf) => {
    expect(() => timeframeMs(tf), 'an unknown label is an error, not a default').toThrow(`"${tf}"`);
    expect(isTimeframe(tf), 'isTimeframe agrees with timeframeMs').toBe(false);
  });

  it('isTimeframe accepts what timeframeMs parses', () => {
    for (const tf of ['1m', '3m', '15m', '2h', '1d', '1w', '30s']) expect(isTimeframe(tf), tf).toBe(true);
  });
});

describe('barsPerYear', () => {
  it('counts bars in a 365-day year', () => {
    expect(barsPerYear('1d'), '365 daily bars').toBe(365);
    expect(barsPerYear('1h'), '365 × 24 hourly bars').toBe(8_760);
    expect(barsPerYear('15m'), '365 × 96 quarter-hours').toBe(35_040);
    expect(barsPerYear('1m'), '365 × 1440 minutes').toBe(525_600);
  });
});

describe('bucketStart', () => {
  it('aligns intraday buckets to UTC multiples of the timeframe', () => {
    const t = MON + 10 * HOUR + 37 * MIN + 12_345; // 10:37:12.345
    expect(bucketStart(t, '1m'), 'the minute 10:37').toBe(MON + 10 * HOUR + 37 * MIN);
    expect(bucketStart(t, '15m'), 'the quarter 10:30').toBe(MON + 10 * HOUR + 30 * MIN);
    expect(bucketStart(t, '1h'), 'the hour 10:00').toBe(MON + 10 * HOUR);
    expect(bucketStart(t, '4h'), 'the 4h block 08:00').toBe(MON + 8 * HOUR);
    expect(bucketStart(t, '1d'), 'the day').toBe(MON);
  });

  it('puts a time exactly on a boundary in the bucket that starts there', () => {
    expect(bucketStart(MON + 15 * MIN, '15m'), 'bucket starts are inclusive').toBe(MON + 15 * MIN);
    expect(bucketStart(MON + 15 * MIN - 1, '15m'), 'one ms before belongs to the previous bucket').toBe(MON);
  });

  it('aligns weeks to Monday 00:00 UTC, not to the epoch (a Thursday)', () => {
    expect(new Date(MON).getUTCDay(), 'fixture: 2024-01-01 is a Monday').toBe(1);
    expect(bucketStart(MON, '1w'), 'Monday 00:00 starts its own week').toBe(MON);
    expect(bucketStart(MON + 3 * DAY + 5 * HOUR, '1w'), 'Thursday belongs to the week that started Monday').toBe(MON);
    expect(bucketStart(MON + 7 * DAY - 1, '1w'), 'the last ms of Sunday is still that week').toBe(MON);
    expect(bucketStart(MON + 7 * DAY, '1w'), 'the next Monday starts the next week').toBe(MON + 7 * DAY);
    expect(bucketStart(MON - 1, '1w'), 'Sunday before belongs to the previous week').toBe(MON - 7 * DAY);
    expect(bucketStart(0, '1w'), 'the epoch (Thursday 1970-01-01) is in the week of Monday 1969-12-29').toBe(-3 * DAY);
  });

  it('handles times before the epoch (floor, not truncation)', () => {
    expect(bucketStart(-1, '1h'), '1969-12-31T23:59:59.999 is in the 23:00 bucket').toBe(-HOUR);
  });
});
