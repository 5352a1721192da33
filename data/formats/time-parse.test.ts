import { describe, expect, it } from 'vitest';
import { epochToMs, parseTimestamp } from './time-parse.ts';

const T = Date.UTC(2024, 0, 2, 3, 4, 5);

describe('parseTimestamp', () => {
  it.each([
    ['2024-01-02', Date.UTC(2024, 0, 2)],
    ['2024/01/02', Date.UTC(2024, 0, 2)],
    ['20240102', Date.UTC(2024, 0, 2)],
    ['2024-01-02T03:04:05Z', T],
    ['2024-01-02 03:04:05', T],
    ['2024-01-02 03:04', T - 5_000],
    ['2024-01-02T03:04:05.250Z', T + 250],
    ['2024-01-02T03:04:05.123456789Z', T + 123],
    ['2024-01-02T05:04:05+02:00', T],
    ['2024-01-02 03:04:05+00', T],
    ['2024-01-01T22:04:05-0500', T],
    [' 1704164645 ', T],
    ['1704164645000', T],
    ['1704164645000000', T],
    ['1704164645000000000', T],
    ['1704164645.5', T + 500],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['02.01.2024 03:04:05.000', T],
    ['02.01.2024', Date.UTC(2024, 0, 2)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
  ])('reads %s as UTC', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-13-01', '2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '31.02.2024', '2024-01-02T25:00:00', '01/02/2024', '12abc'])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNaN();
  });

  it('tells epoch units apart by magnitude', () => {
    expect(epochToMs(1.7e9)).toBe(1.7e12);
    expect(epochToMs(1.7e12)).toBe(1.7e12);
    expect(epochToMs(1.7e15)).toBe(1.7e12);
    expect(epochToMs(1.7e18)).toBe(1.7e12);
  });
});
