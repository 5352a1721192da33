import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { EngineEvents } from '../../engine/events.ts';
import { StrategyInstance } from '../../engine/instance.ts';
import type { Candle } from '../../engine/types.ts';
import { at, hourly, kit } from './instance-kit.ts';

/** A flat hourly market at 100 (open = close = 100, range 99..101). */
const flat = (n: number) => Array.from({ length: n }, () => [100, 101, 99, 100] as const);
const noFees = { execution: { feeBps: 0, slippageBps: 0 } };

describe('working entry orders from the config (orders.entry)', () => {
  it('a limit entry 2% below the signal close waits, then fills at the limit the bar reaches it (no slippage on limits)', () => {
    const rows = [...flat(3), [100, 100.5, 97.5, 99] as const, [99, 100, 98, 99] as const];
    const k = kit({ execution: { feeBps: 0, slippageBps: 50 }, orders: { entry: { type: 'limit', offset: -0.02 } } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.orders[0]).toMatchObject({ type: 'limit', limitPrice: 98, reason: 'entry', tif: 'good till cancelled' });
    expect(k.fills.map((f) => [f.time, f.price])).toEqual([[at(3), 98]]);
    expect(k.inst.account.position!.quantity, 'all the cash at the limit price').toBe(10_000 / 98);
  });
  it('a bar gapping below the limit fills at its open, better than the limit', () => {
    const rows = [...flat(2), [96, 97, 95, 96.5] as const];
    const k = kit({ ...noFees, orders: { entry: { type: 'limit', offset: -0.02 } } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.fills.map((f) => f.price)).toEqual([96]);
  });
  it('a stop entry (breakout 1% above the close) fills at the stop plus slippage, or at the open on a gap', () => {
    const quiet = [[100, 100.5, 99.5, 100], [100, 100.5, 99.5, 100]] as const;
    const rows = [...quiet, [100, 101.5, 99.5, 101] as const];
    const k = kit({ execution: { feeBps: 0, slippageBps: 10 }, orders: { entry: { type: 'stop', offset: 0.01 } } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.fills.map((f) => f.time), 'waits for the bar reaching 101').toEqual([at(2)]);
    expect(k.fills[0].price, 'market fill on the trigger: slippage applies').toBeCloseTo(101 * 1.001, 12);
    const gap = kit({ ...noFees, orders: { entry: { type: 'stop', offset: 0.01 } } }, { [at(0)]: 'BUY' }).feed(hourly([...quiet, [103, 104, 102, 103] as const]));
    expect(gap.fills[0].price).toBe(103);
  });
  it('an order with a time in force of 2 bars is cancelled (expired) when the market never reaches it', () => {
    const k = kit({ ...noFees, orders: { entry: { type: 'limit', offset: -0.05, tif: { bars: 2 } } } }, { [at(0)]: 'BUY' }).feed(hourly([...flat(4), [95, 96, 90, 95] as const]));
    expect(k.fills).toEqual([]);
    expect(k.cancelled.map((c) => [c.reason, c.time, c.order.id])).toEqual([['expired', at(3), 's:o1']]);
    expect(k.inst.hasPendingOrder).toBe(false);
  });
  it('a day order on crypto ends at midnight UTC', () => {
    // T0 is midnight: a signal on bar 22 (closing 23:00) works on bar 23 only.
    const k = kit({ ...noFees, orders: { entry: { type: 'limit', offset: -0.05, tif: 'day' } } }, { [at(22)]: 'BUY' }).feed(hourly([...flat(24), [95, 96, 90, 95] as const]));
    expect(k.fills).toEqual([]);
    expect(k.cancelled.map((c) => [c.reason, c.time])).toEqual([['expired', at(24)]]);
  });
});

describe('code strategies: working orders, cancel and replace', () => {
  it('replacing by client id cancels the old order and works the new price; CANCEL removes it', () => {
    const plan = {
      [at(0)]: { action: 'BUY' as const, order: { type: 'limit' as const, limit: 95, clientId: 'dip' } },
      [at(1)]: { action: 'BUY' as const, order: { type: 'limit' as const, limit: 98, clientId: 'dip' } },
    };
    const k = kit(noFees, plan).feed(hourly([...flat(2), [99, 99.5, 97, 98] as const]));
    expect(k.cancelled.map((c) => [c.reason, c.order.limitPrice])).toEqual([['replaced', 95]]);
    expect(k.fills.map((f) => [f.orderId, f.price])).toEqual([['s:o2', 98]]);
    const c = kit(noFees, { [at(0)]: plan[at(0)], [at(1)]: { action: 'CANCEL', order: { type: 'limit', clientId: 'dip' } } }).feed(hourly([...flat(2), [94, 95, 93, 94] as const]));
    expect(c.fills).toEqual([]);
    expect(c.cancelled.map((x) => x.reason)).toEqual(['cancelled']);
  });
  it('a limit order without a price is an error naming what is missing', () => {
    const k = kit(noFees, { [at(0)]: { action: 'BUY', order: { type: 'limit' } } });
    expect(() => k.feed(hourly(flat(1)))).toThrow('strategy returned a limit order without a positive limit price');
  });
});

describe('trailing stop (risk.trailingStop)', () => {
  it('follows each close up by the percentage, never down, and exits at its level as trailing_stop', () => {
    const rows = [[100, 101, 99, 100], [100, 106, 99.5, 105], [105, 111, 104, 110], [110, 110, 106, 107], [107, 108, 104, 105]] as const;
    const k = kit({ ...noFees, risk: { trailingStop: { percent: 0.05 } } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    // Entry at 100 (bar 1 open): stop 95; closes 105 -> 99.75, 110 -> 104.5, 107 keeps 104.5; bar 4 reaches it.
    expect(k.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime])).toEqual([['trailing_stop', 104.5, at(4)]]);
  });
  it('with a fixed stop loss too, the tighter level holds; the trade says which one stopped it', () => {
    const rows = [[100, 101, 99, 100], [100, 100.5, 97.5, 100], [100, 100, 96, 97]] as const;
    const k = kit({ ...noFees, risk: { stopLoss: 0.02, trailingStop: { percent: 0.1 } } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.trades.map((t) => [t.exitReason, t.exitPrice])).toEqual([['stop_loss', 98]]);
  });
  it('an ATR trail uses the named ATR indicator at each close', () => {
    const rows = Array.from({ length: 12 }, (_, i) => [100 + i, 102 + i, 99 + i, 101 + i] as const);
    const k = kit({ ...noFees, indicators: { atr3: { type: 'atr', period: 3 } }, risk: { trailingStop: { atr: 'atr3', multiple: 2 } } }, { [at(5)]: 'BUY' }).feed(hourly(rows));
    const atr = k.inst['indicators'].get('atr3')!.value as number;
    expect(k.inst.account.position!.stopPrice, 'the last close minus 2 ATR').toBeCloseTo(rows[11][3] - 2 * atr, 9);
    expect(k.inst.account.position!.stopIsTrailing).toBe(true);
  });
});

describe('stopsFrom', () => {
  const rows = [[100, 101, 99, 100], [100, 101, 96, 100], [100, 101, 99.5, 100]] as const;
  it('entry_bar (default): the stop works on the bar the entry filled', () => {
    const k = kit({ ...noFees, risk: { stopLoss: 0.03 } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.trades.map((t) => [t.exitReason, t.exitTime])).toEqual([['stop_loss', at(1)]]);
  });
  it('next_bar (backtrader bracket children): not on the entry bar, from the next one', () => {
    const k = kit({ ...noFees, risk: { stopLoss: 0.03 }, orders: { stopsFrom: 'next_bar' } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.trades).toEqual([]);
    expect(k.inst.account.position).not.toBeNull();
  });
  it('bothTouched target_first takes the target on a bar that touches both', () => {
    const both = [[100, 101, 99, 100], [100, 101, 99.5, 100], [100, 106, 96, 100]] as const;
    const k = kit({ ...noFees, risk: { stopLoss: 0.03, takeProfit: 0.05 }, orders: { bothTouched: 'target_first' } }, { [at(0)]: 'BUY' }).feed(hourly(both));
    expect(k.trades.map((t) => [t.exitReason, t.exitPrice])).toEqual([['take_profit', 105]]);
  });
});

describe('reversal in one order', () => {
  it('SELL with reverse while long closes the long and opens a short at the same fill: one order, two fills', () => {
    const k = kit({ ...noFees, allowShort: true }, { [at(0)]: 'BUY', [at(2)]: { action: 'SELL', reverse: true } }).feed(hourly([...flat(3), [102, 103, 101, 102] as const]));
    const flip = k.orders[1];
    expect(flip).toMatchObject({ side: 'sell', reason: 'exit', reverse: true });
    // The long bought 100 units at 100 (bar 1 open); the flip fills at bar 3's open, 102, sized from the 10,200 the close returned.
    expect(k.fills.slice(1).map((f) => [f.orderId, f.reason, f.side, f.price])).toEqual([[flip.id, 'exit', 'sell', 102], [flip.id, 'entry', 'sell', 102]]);
    expect(k.inst.account.position).toMatchObject({ side: 'short', entryPrice: 102, quantity: 100 });
    expect(k.trades).toHaveLength(1);
  });

  const cross = (reverse: boolean) => {
    const events = new EngineEvents();
    const config = parseStrategyConfig({
      id: 'x', symbol: 'BTC/USDT', timeframe: '1h', allowShort: true, ...noFees, ...(reverse ? { orders: { reverse: true } } : {}),
      rules: { entry: { condition: 'crosses_above(close, 100)' }, exit: { condition: 'crosses_below(close, 100)' }, shortEntry: { condition: 'crosses_below(close, 100)' }, shortExit: { condition: 'crosses_above(close, 100)' } },
    });
    const inst = new StrategyInstance({ id: 'x', config, events });
    const trades: string[] = [];
    const rejected: string[] = [];
    events.on('trade', (t) => trades.push(t.side));
    events.on('rejected', (r) => rejected.push(r.reason));
    const closes = [99, 101, 99, 101, 99, 101, 99];
    const candles: Candle[] = hourly(closes.map((c) => [c, c + 0.5, c - 0.5, c] as const));
    for (const c of candles) inst.processCandle(c);
    return { trades, rejected, position: inst.account.position?.side ?? null };
  };
  it('a crossing reversal config without reverse keeps one side and REPORTS each dropped opposite entry', () => {
    const r = cross(false);
    expect(r.trades, 'closes each long but never opens the short').toEqual(['long', 'long']);
    expect(r.rejected).toEqual(['reverseNotEnabled', 'reverseNotEnabled', 'reverseNotEnabled']);
  });
  it('with orders.reverse it flips on every cross: longs and shorts alternate', () => {
    const r = cross(true);
    // Crosses on bars 1..6; each fills at the next open, the last one (bar 6) never does.
    expect(r.trades).toEqual(['long', 'short', 'long', 'short']);
    expect(r.position).toBe('long');
    expect(r.rejected).toEqual([]);
  });
});

describe('pyramiding and partial exits', () => {
  it('adds up to maxEntries at the average price, then rejects the next add with maxEntries', () => {
    const rows = [[100, 101, 99, 100], [100, 101, 99, 100], [110, 111, 109, 110], [120, 121, 119, 120], [120, 121, 119, 120]] as const;
    const buy = { action: 'BUY' as const, quantity: 10 };
    const k = kit({ ...noFees, orders: { maxEntries: 2 } }, { [at(0)]: buy, [at(1)]: buy, [at(2)]: buy }).feed(hourly(rows));
    expect(k.fills.map((f) => [f.reason, f.quantity, f.price])).toEqual([['entry', 10, 100], ['add', 10, 110]]);
    expect(k.inst.account.position).toMatchObject({ quantity: 20, entryPrice: 105, entries: 2 });
    expect(k.rejected.map((r) => r.reason)).toEqual(['maxEntries']);
    expect(k.inst.account.cash).toBe(10_000 - 1000 - 1100);
  });
  it('scale-out steps sell their fraction at each gain level; the rest rides; fees are split pro rata', () => {
    const rows = [[100, 101, 99, 100], [100, 101, 99, 100], [100, 106, 100, 105], [105, 111, 104, 110], [110, 111, 109, 110]] as const;
    const k = kit({ execution: { feeBps: 10, slippageBps: 0 }, sizing: { mode: 'quantity', value: 10 }, risk: { scaleOut: [{ gain: 0.05, fraction: 0.5 }, { gain: 0.1, fraction: 0.25 }] } }, { [at(0)]: 'BUY' }).feed(hourly(rows));
    expect(k.trades.map((t) => [t.exitReason, t.quantity, t.exitPrice])).toEqual([['scale_out', 5, 100 * (1 + 0.05)], ['scale_out', 2.5, 100 * (1 + 0.1)]]);
    expect(k.trades[0].fees, 'half the entry fee plus the exit fee').toBeCloseTo(0.5 * 10 * 100 * 0.001 + 5 * 105 * 0.001, 12);
    expect(k.inst.account.position!.quantity).toBe(2.5);
  });
});

describe('lot size and minimum quantity (execution.lotSize, execution.minQuantity)', () => {
  it('a fraction-sized entry rounds down to whole lots', () => {
    const k = kit({ execution: { feeBps: 0, slippageBps: 0, lotSize: 1 } }, { [at(0)]: 'BUY' }).feed(hourly([[100, 101, 99, 100], [97, 98, 96, 97]]));
    expect(k.fills[0].quantity, '10,000 / 97 = 103.09 -> 103 whole units').toBe(103);
    expect(k.inst.account.cash).toBe(10_000 - 103 * 97);
  });
  it('an explicit stake that is not a whole number of lots is rejected (lotSize), never resized', () => {
    const k = kit({ ...noFees, execution: { feeBps: 0, slippageBps: 0, lotSize: 1 } }, { [at(0)]: { action: 'BUY', quantity: 2.5 } }).feed(hourly(flat(2)));
    expect(k.fills).toEqual([]);
    expect(k.rejected.map((r) => [r.reason, r.detail])).toEqual([['lotSize', 'a stake of 2.5 units is not a whole number of lots of 1']]);
  });
  it('below the minimum quantity is rejected (belowMinimum)', () => {
    const k = kit({ execution: { feeBps: 0, slippageBps: 0, minQuantity: 200 } }, { [at(0)]: 'BUY' }).feed(hourly(flat(2)));
    expect(k.fills).toEqual([]);
    expect(k.rejected.map((r) => [r.reason, r.detail])).toEqual([['belowMinimum', '100 units, below the minimum quantity 200']]);
  });
});

describe('working orders and the strategy status', () => {
  it('a strategy leaving running (paused) cancels its working entry', () => {
    const k = kit({ ...noFees, orders: { entry: { type: 'limit', offset: -0.1 } } }, { [at(0)]: 'BUY' }).feed(hourly(flat(2)));
    expect(k.inst.hasPendingOrder).toBe(true);
    k.inst.setStatus('paused', 'by hand');
    expect(k.cancelled.map((c) => c.reason)).toEqual(['cancelled']);
    k.feed(hourly([[85, 86, 80, 85]]).map((c) => ({ ...c, openTime: at(2), closeTime: at(3) })));
    expect(k.fills, 'nothing fills once paused').toEqual([]);
  });
});
