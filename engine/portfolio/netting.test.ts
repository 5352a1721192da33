import { describe, expect, it } from 'vitest';
import { NettingBook } from './netting.ts';

describe('NettingBook', () => {
  it('without netting every fill is a venue order and nothing is saved', () => {
    const b = new NettingBook(false);
    b.add('BTC/USDT', 'buy', 1, 0.1, 1);
    b.add('BTC/USDT', 'sell', 1, 0.1, 1);
    const r = b.report();
    expect([r.venueOrders, r.legs, r.strategyFees, r.venueFees, r.feeSaving]).toEqual([2, 2, 0.2, 0.2, 0]);
  });

  it('nets one symbol at one time; the residual pays its own legs’ fee rate', () => {
    const b = new NettingBook(true, true);
    b.add('BTC/USDT', 'buy', 2, 0.2, 10);
    b.add('BTC/USDT', 'sell', 0.5, 0.06, 10);
    b.add('BTC/USDT', 'buy', 1, 0.1, 11); // another time: its own group
    b.add('ETH/USDT', 'sell', 3, 0.3, 10); // another symbol: its own group
    b.flushBefore(11);
    expect(b.orders.map((o) => [o.symbol, o.time, o.side, o.quantity, o.legs])).toEqual([
      ['BTC/USDT', 10, 'buy', 1.5, 2],
      ['ETH/USDT', 10, 'sell', 3, 1],
    ]);
    expect(b.orders[0].venueFee).toBeCloseTo(0.15, 15);
    b.flushAll();
    const r = b.report();
    expect(r.venueOrders).toBe(3);
    expect(r.feeSaving).toBeCloseTo(0.2 + 0.06 - 0.15, 15);
    const btc = r.bySymbol.find((s) => s.symbol === 'BTC/USDT')!;
    expect(btc.internalised).toBe(0.5);
    expect(btc.feeSaving).toBeCloseTo(0.11, 15);
    expect(r.bySymbol.find((s) => s.symbol === 'ETH/USDT')!.feeSaving).toBe(0);
  });

  it('legs that cancel exactly send nothing and save every fee', () => {
    const b = new NettingBook(true, true);
    b.add('BTC/USDT', 'buy', 1, 0.1, 5);
    b.add('BTC/USDT', 'sell', 1, 0.12, 5);
    b.flushAll();
    expect(b.orders[0]).toMatchObject({ side: null, quantity: 0, venueFee: 0 });
    expect(b.report()).toMatchObject({ venueOrders: 0, legs: 2, venueFees: 0 });
    expect(b.report().feeSaving).toBeCloseTo(0.22, 15);
  });

  it('groups close in time then symbol order, whatever order the fills came in', () => {
    const b = new NettingBook(true, true);
    b.add('ETH/USDT', 'buy', 1, 0.1, 20);
    b.add('BTC/USDT', 'buy', 1, 0.1, 20);
    b.add('BTC/USDT', 'buy', 1, 0.1, 10);
    b.flushAll();
    expect(b.orders.map((o) => `${o.time} ${o.symbol}`)).toEqual(['10 BTC/USDT', '20 BTC/USDT', '20 ETH/USDT']);
  });
});
