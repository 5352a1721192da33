import { describe, expect, it } from 'vitest';
import type { Candle, Position } from '../types.ts';
import { stopTrigger, type StopTrigger } from './stops.ts';

const long: Position = { symbol: 'X/Y', side: 'long', quantity: 1, entryPrice: 100, entryTime: 0, entryFee: 0, stopPrice: 98, takeProfitPrice: 104 };
const short: Position = { ...long, side: 'short', stopPrice: 102, takeProfitPrice: 96 };
const bar = (open: number, high: number, low: number, close: number): Candle => ({ symbol: 'X/Y', timeframe: '1m', openTime: 0, closeTime: 60_000, open, high, low, close, volume: 1 });

function hit(p: Position, c: Candle): StopTrigger | null {
  const out: StopTrigger = { price: 0, reason: 'stop_loss' };
  return stopTrigger(p, c, out) ? out : null;
}

describe('stopTrigger', () => {
  it('a long stop touched inside the bar fills at the stop, a gap below it at the open', () => {
    expect(hit(long, bar(100, 101, 97, 99))).toEqual({ price: 98, reason: 'stop_loss' });
    expect(hit(long, bar(95, 99, 94, 98)), 'gap through the stop: the open, worse than the stop').toEqual({ price: 95, reason: 'stop_loss' });
  });

  it('a long take-profit touched fills at the target, a gap above it at the open', () => {
    expect(hit(long, bar(100, 105, 99, 103))).toEqual({ price: 104, reason: 'take_profit' });
    expect(hit(long, bar(106, 107, 103, 105))).toEqual({ price: 106, reason: 'take_profit' });
  });

  it('both touched in one bar: the stop is assumed first (pessimistic)', () => {
    expect(hit(long, bar(100, 105, 97, 101))).toEqual({ price: 98, reason: 'stop_loss' });
    expect(hit(short, bar(100, 103, 95, 99))).toEqual({ price: 102, reason: 'stop_loss' });
  });

  it('shorts mirror longs; a bar inside both levels triggers nothing', () => {
    expect(hit(short, bar(100, 101, 95.5, 97))).toEqual({ price: 96, reason: 'take_profit' });
    expect(hit(short, bar(103, 104, 101, 102))).toEqual({ price: 103, reason: 'stop_loss' });
    expect(hit(long, bar(100, 103, 99, 101))).toBeNull();
    expect(hit({ ...long, stopPrice: null, takeProfitPrice: null }, bar(50, 200, 1, 100))).toBeNull();
  });
});

describe('stopTrigger policies', () => {
  it('target_first takes the target when both are touched inside the bar, but never against a gap through the stop', () => {
    expect(hit2(long, bar(100, 105, 97, 101), 'target_first')).toEqual({ price: 104, reason: 'take_profit' });
    expect(hit2(long, bar(97, 105, 96, 101), 'target_first')).toEqual({ price: 97, reason: 'stop_loss' });
  });
  it('a trailing stop level exits as trailing_stop', () => {
    expect(hit2({ ...long, stopIsTrailing: true }, bar(100, 101, 97, 99), 'stop_first')).toEqual({ price: 98, reason: 'trailing_stop' });
  });
});

function hit2(p: Position, c: Candle, policy: 'stop_first' | 'target_first'): StopTrigger | null {
  const out: StopTrigger = { price: 0, reason: 'stop_loss' };
  return stopTrigger(p, c, out, policy) ? out : null;
}
