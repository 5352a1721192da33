import { describe, expect, it } from 'vitest';
import { aggregateCandles } from './aggregator.ts';
import { calendarFor } from './markets/market.ts';
import type { Candle } from './types.ts';

const M30 = 30 * 60_000;
const utc = (s: string) => Date.parse(s);

/** 30m candles from `from` to `to` (open times), close = index so each output bar's close names its last source. */
function halfHours(from: string, to: string, first = 0): Candle[] {
  const out: Candle[] = [];
  for (let t = utc(from), i = first; t <= utc(to); t += M30, i++) out.push({ symbol: 'ORCL', timeframe: '30m', openTime: t, closeTime: t + M30, open: 100 + i, high: 101 + i, low: 99 + i, close: 100 + i, volume: 1 });
  return out;
}

describe('aggregating US equity bars in New York time', () => {
  // Friday 2024-03-08 is EST (UTC-5), Monday 2024-03-11 EDT (UTC-4): the session opens at 14:30Z, then 13:30Z.
  const friday = halfHours('2024-03-08T13:00:00Z', '2024-03-08T20:30:00Z'); // 08:00..15:30 EST, pre-market included
  const monday = halfHours('2024-03-11T13:30:00Z', '2024-03-11T19:30:00Z', 100); // 09:30..15:30 EDT
  const bars = aggregateCandles([...friday, ...monday], '1h', calendarFor('us_equity'));

  it('1h bars open at 09:30, 10:30, ... New York time on both sides of the DST change', () => {
    const opens = bars.map((b) => new Date(b.openTime).toISOString().slice(0, 16));
    expect(opens).toEqual([
      '2024-03-08T14:30', '2024-03-08T15:30', '2024-03-08T16:30', '2024-03-08T17:30', '2024-03-08T18:30', '2024-03-08T19:30', '2024-03-08T20:30',
      '2024-03-11T13:30', '2024-03-11T14:30', '2024-03-11T15:30', '2024-03-11T16:30', '2024-03-11T17:30', '2024-03-11T18:30', '2024-03-11T19:30',
    ]);
  });

  it('the last bar of a session is the half hour to the 16:00 close; pre-market candles are left out', () => {
    const lastFriday = bars[6];
    expect([lastFriday.openTime, lastFriday.closeTime], '15:30-16:00 EST').toEqual([utc('2024-03-08T20:30:00Z'), utc('2024-03-08T21:00:00Z')]);
    expect(lastFriday.close, 'the last source candle of Friday').toBe(115);
    expect(bars[0].open, 'the 09:30 candle (index 3), not the 08:00 one').toBe(103);
    expect(bars[7].closeTime, 'Monday 10:30 EDT').toBe(utc('2024-03-11T14:30:00Z'));
  });

  it('without a calendar the same candles make UTC hours', () => {
    const plain = aggregateCandles([...friday, ...monday], '1h');
    expect(new Date(plain[0].openTime).toISOString().slice(11, 16)).toBe('13:00');
  });

  it('daily bars close with the session', () => {
    const days = aggregateCandles([...friday, ...monday], '1d', calendarFor('us_equity'));
    expect(days.map((d) => [new Date(d.openTime).toISOString(), new Date(d.closeTime).toISOString()])).toEqual([
      ['2024-03-08T05:00:00.000Z', '2024-03-08T21:00:00.000Z'],
      ['2024-03-11T04:00:00.000Z', '2024-03-11T20:00:00.000Z'],
    ]);
  });
});
