import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../config/parse.ts';
import { Account } from './account.ts';
import { FillModel } from './fill-model.ts';
import { positionQuantity } from './sizing.ts';

const config = (extra: Record<string, unknown>) => parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', module: 'm', ...extra });

describe('FillModel', () => {
  it('slippage is adverse on both sides; fees are bps of notional', () => {
    const m = new FillModel({ fill: 'next_open', feeBps: 25, slippageBps: 10 });
    expect(m.marketPrice('buy', 200), 'a buyer pays 0.1% more').toBeCloseTo(200.2, 12);
    expect(m.marketPrice('sell', 200), 'a seller gets 0.1% less').toBeCloseTo(199.8, 12);
    expect(m.fee(3, 200), '0.25% of 600').toBeCloseTo(1.5, 12);
  });
});

describe('Account', () => {
  it('a long round trip: cash moves by notional and fees, P&L nets both fees', () => {
    const a = new Account('s', 1_000);
    a.open('X/Y', 'long', 2, 100, 0.2, 1, 0.1, null);
    expect(a.cash, '1,000 − 200 − 0.2').toBeCloseTo(799.8, 12);
    expect(a.position?.stopPrice, '100 × (1 − 0.1)').toBeCloseTo(90, 12);
    expect(a.position?.takeProfitPrice).toBeNull();
    expect(a.equityAt(110), 'cash + 2 × 110').toBeCloseTo(1_019.8, 12);
    expect(a.unrealizedAt(110), 'price move only').toBeCloseTo(20, 12);
    const t = a.close(110, 0.22, 2, 'exit');
    expect(t.pnl, '2 × 10 − 0.2 − 0.22').toBeCloseTo(19.58, 12);
    expect(t.return, 'over 200 of entry notional').toBeCloseTo(19.58 / 200, 12);
    expect(a.cash, 'capital + pnl').toBeCloseTo(1_019.58, 12);
    expect([a.isFlat, a.realizedPnL, a.fees]).toEqual([true, expect.closeTo(19.58, 12), expect.closeTo(0.42, 12)]);
  });

  it('a short: proceeds added on entry, equity = cash − qty·price, stop above and take profit below', () => {
    const a = new Account('s', 1_000);
    a.open('X/Y', 'short', 2, 100, 0, 1, 0.05, 0.1);
    expect(a.cash, 'short sale proceeds').toBe(1_200);
    expect([a.position?.stopPrice, a.position?.takeProfitPrice]).toEqual([expect.closeTo(105, 12), expect.closeTo(90, 12)]);
    expect(a.equityAt(90), '1,200 − 180').toBe(1_020);
    const t = a.close(90, 0, 2, 'exit');
    expect([t.side, t.pnl, a.cash]).toEqual(['short', 20, 1_020]);
  });

  it('refuses to open twice or close nothing', () => {
    const a = new Account('s', 1_000);
    expect(() => a.close(1, 0, 0, 'exit')).toThrow(/no position/);
    a.open('X/Y', 'long', 1, 1, 0, 0, null, null);
    expect(() => a.open('X/Y', 'long', 1, 1, 0, 0, null, null)).toThrow(/while one is open/);
  });
});

describe('positionQuantity', () => {
  it('rejects an explicit stake the cash cannot pay, with the figures, as backtrader does; never a silent cut', () => {
    const d = positionQuantity(config({ sizing: { mode: 'quantity', value: 100 } }), 1_000, 100, 0.001, 0);
    expect([d.quantity, d.limit]).toEqual([0, 'insufficientCash']);
    expect(d.rejection).toBe('a stake of 100 units at 100 costs 10010 with fees, more than the cash 1000 (set sizing.allowPartial to buy what the cash allows)');
    expect(positionQuantity(config({ sizing: { mode: 'notional', value: 5_000 } }), 1_000, 100, 0, 0).rejection, 'a notional stake likewise').toMatch(/^a stake of 50 units/);
    expect(positionQuantity(config({}), 1_000, 100, 0, 25).rejection, "a code strategy's explicit quantity likewise").toMatch(/^a stake of 25 units/);
  });

  it('cuts the stake to the cash only when sizing.allowPartial asks for it, and says so; nothing is affordable with no cash', () => {
    expect(positionQuantity(config({ sizing: { mode: 'quantity', value: 100, allowPartial: true } }), 1_000, 100, 0, 0)).toEqual({ quantity: 10, limit: 'insufficientCash', rejection: null });
    expect(positionQuantity(config({}), 0, 100, 0.001, 0)).toEqual({ quantity: 0, limit: null, rejection: null });
  });

  it('both caps: maxPositionSize first, then cash', () => {
    expect(positionQuantity(config({ sizing: { mode: 'quantity', value: 100 }, risk: { maxPositionSize: 0.5 } }), 1_000, 100, 0, 0), '50% of 1,000 at 100').toEqual({ quantity: 5, limit: 'maxPositionSize', rejection: null });
    expect(positionQuantity(config({ sizing: { mode: 'quantity', value: 4 }, risk: { maxPositionSize: 0.5 } }), 1_000, 100, 0, 0), 'within the cap').toEqual({ quantity: 4, limit: null, rejection: null });
  });
});
