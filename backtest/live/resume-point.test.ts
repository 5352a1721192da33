import { describe, expect, it } from 'vitest';
import { resumePoint } from './resume-point.ts';
import type { SessionEntry } from './session-log.ts';

const S = 1000;
const T0 = 1_796_310_900_000; // a whole minute
const one = [{ symbol: 'BTC/USDT', timeframe: '1s' }];
const candle = (s: number, openTime: number): SessionEntry => ({ k: 'candle', s, t: openTime, o: 1, h: 1, l: 1, c: 1, v: 1 });
const funding = (time: number): SessionEntry => ({ k: 'fundingRate', symbol: 'BTC/USDT', time, rate: 0.0001 });

describe('resumePoint', () => {
  it('starts a fresh log at its warm-up', () => {
    expect(resumePoint(one, [T0], [])).toEqual({ from: [T0], lastTime: Number.NEGATIVE_INFINITY, candles: 0, fresh: true });
  });

  it('goes on after the newest logged candle when the newest payment is older', () => {
    const entries = [candle(0, T0), funding(T0 + S), candle(0, T0 + S), candle(0, T0 + 2 * S)];
    expect(resumePoint(one, [T0], entries)).toEqual({ from: [T0 + 3 * S], lastTime: T0 + 3 * S, candles: 3, fresh: false });
  });

  it('never goes back before the bar holding the newest payment (candles skipped as a gap before it stay skipped)', () => {
    // The crashed process logged bars closing at T0+1s and T0+2s, skipped the next two as a gap, delivered the
    // payment at T0+4s before the bar closing at T0+5s, and died before that bar reached the log.
    const entries = [candle(0, T0), candle(0, T0 + S), { k: 'feed', status: 'gap', detail: 'BTC/USDT 1s: 2 candles', time: T0 + 2 * S } as SessionEntry, funding(T0 + 4 * S)];
    const p = resumePoint(one, [T0], entries);
    expect(p.from, 'the bar opening at the payment, which closes after it').toEqual([T0 + 4 * S]);
    expect(p.lastTime, 'feed statuses are stamped no earlier than the payment').toBe(T0 + 4 * S);
  });

  it('bounds every series by the payment, each at its own bar', () => {
    const two = [...one, { symbol: 'BTC/USDT', timeframe: '5s' }];
    const entries = [candle(0, T0), candle(1, T0), funding(T0 + 7 * S)];
    expect(resumePoint(two, [T0, T0], entries).from).toEqual([T0 + 7 * S, T0 + 5 * S]);
  });
});
