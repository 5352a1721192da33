import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../markets/market.ts';
import type { Candle } from '../types.ts';
import { OrderBook, type BookHandler } from './book.ts';
import { DEFAULT_FILL_RULES } from './fill-rules.ts';
import { GTC, type TimeInForce, type WorkingOrder } from './order.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Hourly bars of a random walk: each step's open, high, low and close from four draws. */
function walk(steps: [number, number, number, number][]): Candle[] {
  let price = 100;
  return steps.map(([gap, up, down, move], i) => {
    const open = price * (1 + gap);
    const close = open * (1 + move);
    price = close;
    return { symbol: 'X/Y', timeframe: '1h', openTime: T0 + i * HOUR, closeTime: T0 + (i + 1) * HOUR, open, high: Math.max(open, close) * (1 + up), low: Math.min(open, close) * (1 - down), close, volume: 1 };
  });
}

function run(orders: WorkingOrder[], candles: Candle[], penetration: number, forceFullStep: boolean): string[] {
  const book = new OrderBook({ ...DEFAULT_FILL_RULES, penetration }, calendarFor(undefined));
  for (const o of orders) book.place({ ...o } as WorkingOrder, T0 - 1);
  // An order that counts its bars and can never fill makes every bar take the full matching step.
  if (forceFullStep) book.place({ id: 'never', side: 'buy', quantity: 1, tif: { kind: 'bars', bars: 1e9 }, type: 'limit', limit: 1e-9 }, T0 - 1);
  const log: string[] = [];
  const handler: BookHandler = {
    fill: (o, t, b) => log.push(`fill ${o.id} ${t.price} ${t.kind} ${t.atOpen} ${b.openTime}`) > 0,
    cancelled: (o, why, time) => log.push(`cancel ${o.id} ${why} ${time}`) > 0,
  };
  for (const c of candles) {
    book.onBar(c, handler);
    book.onClose(c.close, null);
  }
  return log;
}

const tif: fc.Arbitrary<TimeInForce> = fc.oneof(fc.constant(GTC), fc.constant({ kind: 'day' } as TimeInForce), fc.integer({ min: 1, max: 30 }).map((bars) => ({ kind: 'bars', bars }) as TimeInForce));
/** A uniform draw in [min, max] at a 1e-4 grid (fast-check's doubles crowd the bounds, where few orders fill). */
const uniform = (min: number, max: number) => fc.integer({ min: 0, max: 10_000 }).map((k) => min + ((max - min) * k) / 10_000);
const order = (id: string): fc.Arbitrary<WorkingOrder> =>
  fc.tuple(fc.constantFrom('limit', 'stop', 'stop_limit', 'trailing_stop'), fc.constantFrom('buy', 'sell'), uniform(90, 110), uniform(-0.05, 0.05), tif).map(([type, side, level, off, t]) => {
    const base = { id, side, quantity: 1, tif: t } as const;
    if (type === 'limit') return { ...base, type, limit: level };
    if (type === 'stop') return { ...base, type, stop: level };
    if (type === 'stop_limit') return { ...base, type, stop: level, limit: level * (1 + off), triggered: false };
    return { ...base, type, stop: level, trail: { kind: 'percent', value: Math.abs(off) + 0.005 } };
  });
const step = fc.tuple(uniform(-0.01, 0.01), uniform(0, 0.01), uniform(0, 0.01), uniform(-0.015, 0.015));

describe('OrderBook: the bounds that settle a bar without reading its orders', () => {
  it('never change what fills, when, at what price, or what expires (against the full step on every bar)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), order('a'), order('b'), fc.constantFrom(0, 0.001), (steps, a, b, penetration) => {
        const candles = walk(steps);
        const strip = (log: string[]) => log.filter((l) => !l.includes(' never '));
        expect(run([a, b], candles, penetration, false)).toEqual(strip(run([a, b], candles, penetration, true)));
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it('a trailing stop that ratchets up is hit on the bar that reaches its new level, not its placed one', () => {
    // Sell trail 10% from 90: closes 100, 110 move it to 90, 99; the bar whose low is 98 hits 99 (not 90).
    const candles = walk([[0, 0, 0, 0], [0, 0, 0, 0.1], [0, 0, 0.11, 0]]);
    const trail: WorkingOrder = { id: 't', side: 'sell', quantity: 1, tif: GTC, type: 'trailing_stop', stop: 90, trail: { kind: 'percent', value: 0.1 } };
    const log = run([trail], candles, 0, false);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^fill t 99\.0000000000000\d* market false /);
    expect(log[0].endsWith(` ${T0 + 2 * HOUR}`)).toBe(true);
  });
});
