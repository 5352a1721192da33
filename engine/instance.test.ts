import { describe, expect, it } from 'vitest';
import { at, hourly, kit } from '../tests/engine/instance-kit.ts';

/**
 * Execution through one StrategyInstance with a scripted code strategy. Every expected number is worked out
 * by hand in the test from the bar prices, the fee rate and the slippage.
 */

// Bars 0..4: a gentle uptrend with distinct opens and closes.
const UP = hourly([
  [100, 101, 99, 100], // 0: signal bar
  [102, 105, 101, 104], // 1
  [104, 106, 103, 105], // 2
  [106, 107, 105, 106], // 3
  [107, 108, 106, 107], // 4
]);

describe('fill policy', () => {
  it('next_open: a signal on bar t fills at bar t+1 open, fees on both legs', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 10 } }, { [at(0)]: 'BUY', [at(2)]: 'SELL' }).feed(UP);
    expect(k.fills.map((f) => [f.side, f.price, f.time]), 'entry at bar 1 open (102), exit at bar 3 open (106)').toEqual([
      ['buy', 102, at(1)],
      ['sell', 106, at(3)],
    ]);
    const entryFee = 10 * 102 * 0.001; // 1.02
    const exitFee = 10 * 106 * 0.001; // 1.06
    expect(k.fills[0].fee, '10 bps of 1,020 notional').toBeCloseTo(entryFee, 12);
    expect(k.fills[1].fee, '10 bps of 1,060 notional').toBeCloseTo(exitFee, 12);
    const t = k.trades[0];
    expect(t.pnl, 'gross 10 × (106 − 102) = 40, less both fees').toBeCloseTo(40 - entryFee - exitFee, 10);
    expect(t.fees, 'the trade carries both legs').toBeCloseTo(entryFee + exitFee, 12);
    expect(t.return, 'pnl over entry notional').toBeCloseTo((40 - entryFee - exitFee) / 1020, 12);
    expect([t.entryTime, t.exitTime, t.exitReason]).toEqual([at(1), at(3), 'exit']);
    expect(k.inst.account.cash, 'cash = capital + pnl once flat').toBeCloseTo(10_000 + 40 - entryFee - exitFee, 9);
    expect(k.signals.map((s) => [s.action, s.price, s.time]), 'signals carry the signal bar close and close time').toEqual([
      ['BUY', 100, at(1)],
      ['SELL', 105, at(3)],
    ]);
    expect(k.orders.map((o) => [o.side, o.reason, o.createdAt])).toEqual([
      ['buy', 'entry', at(1)],
      ['sell', 'exit', at(3)],
    ]);
  });

  it('next_open: equity is marked at each close (cash + qty·close)', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 10 } }, { [at(0)]: 'BUY' });
    k.feed(UP.slice(0, 3));
    const cash = 10_000 - 1020 - 1.02; // after buying 10 at 102 with fee
    expect(k.equity.map((e) => e.equity), 'bar 0 flat; bars 1, 2 hold 10 units').toEqual([10_000, cash + 10 * 104, cash + 10 * 105].map((x) => expect.closeTo(x, 9)));
  });

  it('fill "close": fills at the signal bar close, on the signal bar', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 10 }, execution: { fill: 'close' } }, { [at(0)]: 'BUY', [at(2)]: 'SELL' }).feed(UP);
    expect(k.fills.map((f) => [f.side, f.price, f.time]), 'entry at bar 0 close (100), exit at bar 2 close (105)').toEqual([
      ['buy', 100, at(1)],
      ['sell', 105, at(3)],
    ]);
    expect(k.trades[0].pnl, '10 × 5 − 1.00 − 1.05').toBeCloseTo(50 - 1 - 1.05, 10);
  });

  it('slippage moves both fills against the trader; fees are on the slipped notional', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 10 }, execution: { slippageBps: 50, feeBps: 10 } }, { [at(0)]: 'BUY', [at(2)]: 'SELL' }).feed(UP);
    const buy = 102 * 1.005; // 102.51: buying costs more
    const sell = 106 * 0.995; // 105.47: selling gets less
    expect(k.fills[0].price).toBeCloseTo(buy, 12);
    expect(k.fills[1].price).toBeCloseTo(sell, 12);
    const fees = 10 * buy * 0.001 + 10 * sell * 0.001;
    expect(k.trades[0].pnl, '10 × (105.47 − 102.51) − fees').toBeCloseTo(10 * (sell - buy) - fees, 10);
  });

  it('zero fees and slippage: pnl is exactly the price difference', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 4 }, execution: { feeBps: 0 } }, { [at(0)]: 'BUY', [at(2)]: 'SELL' }).feed(UP);
    expect(k.trades[0].pnl, '4 × (106 − 102)').toBe(16);
    expect(k.trades[0].fees).toBe(0);
  });

  it('a pending order blocks new intents until it fills, and a BUY while long does nothing', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 1 } }, { [at(0)]: 'BUY', [at(1)]: 'BUY', [at(2)]: 'BUY' }).feed(UP);
    expect(k.fills.length, 'one entry; later BUYs while long are ignored').toBe(1);
    expect(k.signals.length, 'no signal for an intent that changes nothing').toBe(1);
  });

  it('SELL when flat and long-only opens nothing', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 1 } }, { [at(0)]: 'SELL', [at(1)]: 'EXIT' }).feed(UP);
    expect([k.signals.length, k.orders.length, k.fills.length], 'shorts need allowShort; EXIT while flat is moot').toEqual([0, 0, 0]);
  });
});

describe('sizing', () => {
  it('fraction: spends f × equity including the fee', () => {
    const k = kit({ sizing: { mode: 'fraction', value: 0.5 } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    const qty = (10_000 * 0.5) / (102 * 1.001); // notional + fee = 5,000
    expect(k.fills[0].quantity).toBeCloseTo(qty, 10);
    expect(k.inst.account.cash, 'half the capital left').toBeCloseTo(5_000, 8);
  });

  it('default sizing is the whole equity (no maxPositionSize) or maxPositionSize × equity', () => {
    const all = kit({}, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(all.fills[0].quantity, 'all-in, fee included').toBeCloseTo(10_000 / (102 * 1.001), 10);
    expect(all.inst.violatedLimits, 'spending everything by design breaks no limit').toEqual([]);
    const tenth = kit({ risk: { maxPositionSize: 0.1 } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(tenth.fills[0].quantity, "the seed's meaning: 10% of equity per position").toBeCloseTo(1_000 / (102 * 1.001), 10);
    expect(tenth.inst.violatedLimits).toEqual([]);
  });

  it('quantity and notional modes', () => {
    const q = kit({ sizing: { mode: 'quantity', value: 3 } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(q.fills[0].quantity, 'exactly 3 units').toBe(3);
    const n = kit({ sizing: { mode: 'notional', value: 2040 } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(n.fills[0].quantity, '2,040 quote at 102 = 20 units').toBe(20);
    expect(n.fills[0].fee, 'fee on 2,040').toBeCloseTo(2.04, 12);
  });

  it('maxPositionSize caps a larger request and is recorded in risk.violatedLimits', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 50 }, risk: { maxPositionSize: 0.1 } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(k.fills[0].quantity, '50 × 102 = 5,100 > 10% of 10,000: cut to 1,000 incl. fee').toBeCloseTo(1_000 / (102 * 1.001), 10);
    expect(k.inst.getMetrics().risk.violatedLimits).toEqual(['maxPositionSize']);
  });

  it('a fixed stake beyond the cash is rejected with its reason, and no position is opened', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 500 } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(k.fills, 'nothing filled').toEqual([]);
    expect(k.blocked, 'a sizing refusal is not a risk-layer block').toEqual([]);
    expect(k.rejected.map((b) => [b.reason, b.detail])).toEqual([
      ['insufficientCash', 'a stake of 500 units at 102 costs 51051 with fees, more than the cash 10000 (set sizing.allowPartial to buy what the cash allows)'],
    ]);
    expect(k.inst.account.isFlat).toBe(true);
  });

  it('with sizing.allowPartial, a request beyond the cash is cut to what is affordable and recorded as insufficientCash', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 500, allowPartial: true } }, { [at(0)]: 'BUY' }).feed(UP.slice(0, 2));
    expect(k.fills[0].quantity, 'all the cash, fee included').toBeCloseTo(10_000 / (102 * 1.001), 10);
    expect(k.inst.violatedLimits, 'the binding limit is cash, not a position cap that was never configured').toEqual(['insufficientCash']);
    expect(k.inst.account.cash, 'never negative').toBeGreaterThanOrEqual(-1e-9);
  });

  it("a code strategy's explicit quantity overrides the sizing mode", () => {
    const k = kit({ sizing: { mode: 'quantity', value: 3 } }, { [at(0)]: { action: 'BUY', quantity: 7 } }).feed(UP.slice(0, 2));
    expect(k.fills[0].quantity).toBe(7);
  });
});
