import { describe, expect, it } from 'vitest';
import { calendarFor } from '../markets/market.ts';
import type { Candle } from '../types.ts';
import { OrderBook, type BookHandler } from './book.ts';
import { DEFAULT_FILL_RULES, type FillRules } from './fill-rules.ts';
import { GTC, type TimeInForce, type WorkingOrder } from './order.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
/** Hourly bars from T0 ([open, high, low, close] each). */
const bars = (rows: [number, number, number, number][], start = T0, step = HOUR): Candle[] =>
  rows.map(([open, high, low, close], i) => ({ symbol: 'X/Y', timeframe: '1h', openTime: start + i * step, closeTime: start + (i + 1) * step, open, high, low, close, volume: 1 }));

/** Runs bars through a book, logging fills and cancels; `reject` names orders whose fill the owner refuses. */
function run(book: OrderBook, candles: Candle[], reject: string[] = []) {
  const log: string[] = [];
  const handler: BookHandler = {
    fill: (o, t, b) => {
      if (reject.includes(o.id)) return log.push(`reject ${o.id}`) < 0;
      log.push(`fill ${o.id} ${t.price} ${t.kind}${t.atOpen ? ' open' : ''} bar${(b.openTime - T0) / HOUR}`);
      return true;
    },
    cancelled: (o, why, time) => log.push(`cancel ${o.id} ${why} bar${(time - T0) / HOUR}`),
  };
  for (const c of candles) {
    book.onBar(c, handler);
    book.onClose(c.close, null);
  }
  return log;
}
const crypto = calendarFor(undefined);
const book = (rules: Partial<FillRules> = {}) => new OrderBook({ ...DEFAULT_FILL_RULES, ...rules }, crypto);
const limitBuy = (id: string, limit: number, tif: TimeInForce = GTC, oco?: string): WorkingOrder => ({ id, side: 'buy', quantity: 1, tif, type: 'limit', limit, ...(oco ? { oco } : {}) });

describe('OrderBook: time in force', () => {
  const flat = bars([[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 95, 100]]);
  it('an N-bar order is tried on N bars after the one that placed it, then cancelled before the next', () => {
    const b = book();
    b.place(limitBuy('a', 96, { kind: 'bars', bars: 2 }), T0);
    expect(run(b, flat)).toEqual(['cancel a expired bar2']);
    const c = book();
    c.place(limitBuy('a', 96, { kind: 'bars', bars: 4 }), T0);
    expect(run(c, flat), 'still working on the 4th bar, which reaches 96').toEqual(['fill a 96 limit bar3']);
  });
  it('a GTC order works until it fills', () => {
    const b = book();
    b.place(limitBuy('a', 96), T0);
    expect(run(b, flat)).toEqual(['fill a 96 limit bar3']);
  });
  it('a crypto day order ends with the UTC day it was placed in', () => {
    const b = book();
    const late = bars([[100, 101, 99, 100], [100, 101, 90, 100]], T0 + 23 * HOUR);
    b.place(limitBuy('a', 96, { kind: 'day' }), T0 + 23 * HOUR);
    expect(run(b, late), 'placed 23:00, tried 23:00-24:00, gone at midnight').toEqual(['cancel a expired bar24']);
  });
  it('a US-equity day order placed at the close works through the next session only', () => {
    const nyse = new OrderBook(DEFAULT_FILL_RULES, calendarFor('us_equity'));
    const DAY = 24 * HOUR;
    // Daily bars opening 14:30 UTC (09:30 New York) on Tue 2 and Wed 3 January 2024; placed at Monday's close.
    const days = bars([[100, 101, 99, 100], [100, 101, 90, 100]], Date.UTC(2024, 0, 2, 14, 30), DAY);
    nyse.place(limitBuy('a', 96, { kind: 'day' }), Date.UTC(2024, 0, 1, 21));
    const log = run(nyse, days);
    expect(log.length).toBe(1);
    expect(log[0]).toMatch(/^cancel a expired/);
  });
});

describe('OrderBook: OCO and brackets', () => {
  it('the first of an OCO group to fill cancels the others', () => {
    const b = book();
    b.place({ id: 'up', side: 'buy', quantity: 1, tif: GTC, type: 'stop', stop: 105, oco: 'g' }, T0);
    b.place({ id: 'down', side: 'sell', quantity: 1, tif: GTC, type: 'stop', stop: 95, oco: 'g' }, T0);
    expect(run(b, bars([[100, 104, 96, 100], [100, 106, 99, 105]]))).toEqual(['fill up 105 market bar1', 'cancel down oco bar1']);
    expect(b.size).toBe(0);
  });
  it('a rejected fill drops the order but cancels no sibling', () => {
    const b = book();
    b.place({ id: 'up', side: 'buy', quantity: 1, tif: GTC, type: 'stop', stop: 105, oco: 'g' }, T0);
    b.place({ id: 'down', side: 'sell', quantity: 1, tif: GTC, type: 'stop', stop: 95, oco: 'g' }, T0);
    expect(run(b, bars([[100, 106, 99, 105], [100, 101, 94, 96]]), ['up'])).toEqual(['reject up', 'fill down 95 market bar1']);
  });
  it('bracket children activate on the fill: entry_bar tries the stop on the entry bar itself', () => {
    const b = book();
    b.place(limitBuy('e', 100), T0, { stopLoss: 97, takeProfit: 110 });
    // Bar 0 reaches the limit (100) and also the stop (96 < 97): pessimistically stopped out on the entry bar.
    expect(run(b, bars([[102, 103, 96, 98]]))).toEqual(['fill e 100 limit bar0', 'fill e:sl1 97 market bar0', 'cancel e:tp2 oco bar0']);
  });
  it('next_bar (backtrader bracket children) leaves the entry bar to the entry alone', () => {
    const b = book({ stopsFrom: 'next_bar' });
    b.place(limitBuy('e', 100), T0, { stopLoss: 97, takeProfit: 110 });
    expect(run(b, bars([[102, 103, 96, 98], [98, 111, 97.5, 109]]))).toEqual(['fill e 100 limit bar0', 'fill e:tp2 110 limit bar1', 'cancel e:sl1 oco bar1']);
  });
  it('on an intrabar entry, a target touched on the entry bar does not count (it may have come before the fill)', () => {
    const b = book();
    b.place(limitBuy('e', 100), T0, { stopLoss: 90, takeProfit: 104 });
    expect(run(b, bars([[103, 105, 99, 101], [101, 104.5, 100, 104]]))).toEqual(['fill e 100 limit bar0', 'fill e:tp2 104 limit bar1', 'cancel e:sl1 oco bar1']);
    const open = book();
    open.place(limitBuy('e', 100), T0, { stopLoss: 90, takeProfit: 104 });
    expect(run(open, bars([[99, 105, 98, 101]])), 'an entry at the open sees the whole bar').toEqual(['fill e 99 limit open bar0', 'fill e:tp2 104 limit bar0', 'cancel e:sl1 oco bar0']);
  });
  it('both the stop and the target inside one bar: stop_first (default) takes the stop, target_first the target', () => {
    const both = bars([[100, 100.5, 99.5, 100], [100, 112, 95, 100]]);
    const a = book();
    a.place({ id: 'e', side: 'buy', quantity: 1, tif: GTC, type: 'market' }, T0 - HOUR, { stopLoss: 97, takeProfit: 110 });
    expect(run(a, both).slice(1)).toEqual(['fill e:sl1 97 market bar1', 'cancel e:tp2 oco bar1']);
    const b = book({ bothTouched: 'target_first' });
    b.place({ id: 'e', side: 'buy', quantity: 1, tif: GTC, type: 'market' }, T0 - HOUR, { stopLoss: 97, takeProfit: 110 });
    expect(run(b, both).slice(1)).toEqual(['fill e:tp2 110 limit bar1', 'cancel e:sl1 oco bar1']);
  });
  it('a gap through the stop fills at the open before any target, whatever the policy', () => {
    const b = book({ bothTouched: 'target_first' });
    b.place({ id: 'e', side: 'buy', quantity: 1, tif: GTC, type: 'market' }, T0 - HOUR, { stopLoss: 97, takeProfit: 110 });
    expect(run(b, bars([[100, 101, 99, 100], [94, 112, 93, 100]])).slice(1)).toEqual(['fill e:sl1 94 market open bar1', 'cancel e:tp2 oco bar1']);
  });
  it('a trailing child ratchets on each close and stops the position out when reached', () => {
    const b = book();
    b.place({ id: 'e', side: 'buy', quantity: 1, tif: GTC, type: 'market' }, T0 - HOUR, { trail: { kind: 'amount', value: 5 } });
    // Fill at 100 -> stop 95; closes 104, 110 lift it to 99, 105; 107 leaves it at 105; bar 4 reaches 105.
    const log = run(b, bars([[100, 105, 99, 104], [104, 111, 103, 110], [110, 111, 106, 107], [107, 108, 104, 106]]));
    expect(log).toEqual(['fill e 100 market open bar0', 'fill e:trail1 105 market bar3']);
  });
});

describe('OrderBook: cancel and replace', () => {
  it('cancel removes a working order by id; a duplicate id is refused', () => {
    const b = book();
    b.place(limitBuy('a', 96), T0);
    expect(() => b.place(limitBuy('a', 95), T0)).toThrow('an order with id "a" is already working');
    expect(b.cancel('a')?.id).toBe('a');
    expect(b.cancel('a')).toBeNull();
    expect(run(b, bars([[100, 101, 90, 100]]))).toEqual([]);
  });
});
