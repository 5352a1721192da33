import { describe, expect, it } from 'vitest';
import type { Candle } from '../types.ts';
import { GTC, type WorkingOrder } from './order.ts';
import { newTrigger, triggerOrder, type Trigger } from './trigger.ts';

const bar = (open: number, high: number, low: number, close: number): Candle => ({ symbol: 'X/Y', timeframe: '1h', openTime: 0, closeTime: 3_600_000, open, high, low, close, volume: 1 });
const base = { id: 'o', quantity: 1, tif: GTC };

function fire(order: WorkingOrder, c: Candle, penetration = 0): Trigger | null {
  const out = newTrigger();
  return triggerOrder(order, c, penetration, out) ? out : null;
}

describe('triggerOrder: limit orders', () => {
  const buy: WorkingOrder = { ...base, side: 'buy', type: 'limit', limit: 100 };
  const sell: WorkingOrder = { ...base, side: 'sell', type: 'limit', limit: 110 };
  it('a buy limit reached inside the bar fills at the limit, exactly (no slippage)', () => {
    expect(fire(buy, bar(103, 104, 99, 101))).toEqual({ price: 100, kind: 'limit', atOpen: false });
  });
  it('a bar gapping below a buy limit fills at the open, better than the limit', () => {
    expect(fire(buy, bar(97, 99, 95, 98))).toEqual({ price: 97, kind: 'limit', atOpen: true });
  });
  it('a bar whose low stays above the limit does not fill it; touching it exactly does', () => {
    expect(fire(buy, bar(103, 104, 100.01, 101))).toBeNull();
    expect(fire(buy, bar(103, 104, 100, 101))!.price).toBe(100);
  });
  it('with a penetration requirement, a touch is not enough: the low must pass limit·(1 − p)', () => {
    expect(fire(buy, bar(103, 104, 99.9, 101), 0.002), '0.1% through a 0.2% requirement').toBeNull();
    expect(fire(buy, bar(103, 104, 99.8, 101), 0.002)!.price).toBe(100);
    expect(fire(buy, bar(99.95, 104, 99.9, 101), 0.002)!.price, 'a gap below the limit fills at the open regardless').toBe(99.95);
  });
  it('a sell limit mirrors it: at the limit when the high reaches it, at the open on a gap above', () => {
    expect(fire(sell, bar(105, 111, 104, 109))).toEqual({ price: 110, kind: 'limit', atOpen: false });
    expect(fire(sell, bar(112, 113, 108, 109))).toEqual({ price: 112, kind: 'limit', atOpen: true });
    expect(fire(sell, bar(105, 109.99, 104, 109))).toBeNull();
  });
});

describe('triggerOrder: stop orders', () => {
  const sellStop: WorkingOrder = { ...base, side: 'sell', type: 'stop', stop: 95 };
  const buyStop: WorkingOrder = { ...base, side: 'buy', type: 'stop', stop: 105 };
  it('a sell stop reached inside the bar triggers at the stop as a market fill (slippage applies later)', () => {
    expect(fire(sellStop, bar(100, 101, 94, 96))).toEqual({ price: 95, kind: 'market', atOpen: false });
  });
  it('a bar gapping through a sell stop fills at the open, worse than the stop', () => {
    expect(fire(sellStop, bar(90, 92, 88, 91))).toEqual({ price: 90, kind: 'market', atOpen: true });
  });
  it('a buy stop (breakout entry) triggers at the stop, or at the open on a gap above it', () => {
    expect(fire(buyStop, bar(100, 106, 99, 104))).toEqual({ price: 105, kind: 'market', atOpen: false });
    expect(fire(buyStop, bar(108, 109, 104, 107))).toEqual({ price: 108, kind: 'market', atOpen: true });
    expect(fire(buyStop, bar(100, 104.99, 99, 104))).toBeNull();
  });
  it('a market order fills at the open', () => {
    expect(fire({ ...base, side: 'buy', type: 'market' }, bar(100, 101, 99, 100))).toEqual({ price: 100, kind: 'market', atOpen: true });
  });
});

describe('triggerOrder: stop-limit orders', () => {
  const order = (limit: number): WorkingOrder & { type: 'stop_limit' } => ({ ...base, side: 'buy', type: 'stop_limit', stop: 105, limit, triggered: false });
  it('triggered inside the bar with the limit at or above the stop: fills at the stop (within the limit)', () => {
    const o = order(106);
    expect(fire(o, bar(100, 107, 99, 103))).toEqual({ price: 105, kind: 'limit', atOpen: false });
  });
  it('a gap above the stop but within the limit fills at the open; a gap beyond the limit waits as a triggered limit', () => {
    expect(fire(order(110), bar(108, 111, 107, 109))).toEqual({ price: 108, kind: 'limit', atOpen: true });
    const o = order(106);
    expect(fire(o, bar(108, 111, 107, 109)), 'opens at 108, never comes back to 106').toBeNull();
    expect(o.triggered, 'it now works as a limit').toBe(true);
    expect(fire(o, bar(107, 108, 105.5, 106))).toEqual({ price: 106, kind: 'limit', atOpen: false });
  });
  it('a limit below the stop fills on the trigger bar only when the bar closes through the limit', () => {
    const a = order(104);
    expect(fire(a, bar(100, 106, 99, 103.5))).toEqual({ price: 104, kind: 'limit', atOpen: false });
    const b = order(104);
    expect(fire(b, bar(100, 106, 99, 105))).toBeNull();
    expect(b.triggered).toBe(true);
  });
  it('an untouched stop leaves it untriggered', () => {
    const o = order(106);
    expect(fire(o, bar(100, 104, 99, 103))).toBeNull();
    expect(o.triggered).toBe(false);
  });
});
