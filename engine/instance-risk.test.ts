import { describe, expect, it } from 'vitest';
import { StrategyManager } from './manager.ts';
import { ArrayFeed } from './feed.ts';
import { Engine } from './engine.ts';
import { BacktestClock } from './clock.ts';
import { at, hourly, kit } from '../tests/engine/instance-kit.ts';
import { closedEvents } from '../tests/engine/helpers.ts';
import { scripted } from '../tests/engine/scripted.ts';

/**
 * Stops, take profits, shorts and the drawdown breaker. Entries use `fill: "close"` at a close of 100, so a
 * 2% stop sits at exactly 98 and a 4% take profit at exactly 104 (long), 102 and 96 (short).
 */
const ENTRY_BAR: [number, number, number, number] = [100, 100, 100, 100];
const base = { sizing: { mode: 'quantity', value: 10 }, execution: { fill: 'close' }, risk: { stopLoss: 0.02, takeProfit: 0.04 } };

function longThen(bar: [number, number, number, number], extra: Record<string, unknown> = {}) {
  return kit({ ...base, ...extra }, { [at(0)]: 'BUY' }).feed(hourly([ENTRY_BAR, bar]));
}

describe('stop loss and take profit (long)', () => {
  it('arms the stop and take-profit prices from the fill price', () => {
    const k = kit(base, { [at(0)]: 'BUY' }).feed(hourly([ENTRY_BAR]));
    const p = k.inst.account.position!;
    expect([p.stopPrice, p.takeProfitPrice], '100 × (1 − 0.02), 100 × (1 + 0.04)').toEqual([98, 104]);
  });

  it('a stop hit inside the bar fills at the stop price', () => {
    const k = longThen([99, 100, 97, 98.5]);
    expect(k.fills[1].price, 'low 97 crossed the stop at 98').toBe(98);
    expect(k.trades[0].exitReason).toBe('stop_loss');
    expect(k.trades[0].pnl, '10 × (98 − 100) − fees 1.00 and 0.98').toBeCloseTo(-20 - 1 - 0.98, 10);
    expect(k.signals.at(-1)?.action, 'a stop exit is announced as an EXIT signal').toBe('EXIT');
  });

  it('a stop fill takes slippage (it is a market order)', () => {
    const k = longThen([99, 100, 97, 98.5], { execution: { fill: 'close', slippageBps: 50 } });
    const entry = 100 * 1.005; // the entry paid 0.5% slippage too: 100.5, so the stop sits at 100.5 × 0.98 = 98.49
    expect(k.fills[0].price).toBeCloseTo(entry, 12);
    expect(k.fills[1].price, 'the stop price less 0.5% for selling').toBeCloseTo(entry * 0.98 * 0.995, 12);
  });

  it('a gap through the stop fills at the open, not at the stop', () => {
    const k = longThen([96, 97, 95, 96]);
    expect(k.fills[1].price, 'the market opened at 96, below the stop at 98: no fill at 98 was possible').toBe(96);
    expect(k.trades[0].exitReason).toBe('stop_loss');
  });

  it('a take profit inside the bar fills at the take-profit price, without slippage (a limit order)', () => {
    const k = longThen([101, 105, 100, 103], { execution: { fill: 'close', slippageBps: 50 } });
    // Entry at 100 × 1.005 = 100.5, so the take profit sits at 100.5 × 1.04 = 104.52; the high 105 reaches it.
    expect(k.fills[1].price, 'exactly the take-profit price, no slippage').toBe(100 * 1.005 * 1.04);
    expect(k.trades[0].exitReason).toBe('take_profit');
  });

  it('a gap above the take profit fills at the (better) open', () => {
    const k = longThen([106, 107, 105, 106]);
    expect(k.fills[1].price).toBe(106);
    expect(k.trades[0].exitReason).toBe('take_profit');
  });

  it('when one bar touches both, the stop is assumed to come first', () => {
    const k = longThen([100, 105, 97, 103]);
    expect([k.fills[1].price, k.trades[0].exitReason], 'pessimistic: the loss, not the gain').toEqual([98, 'stop_loss']);
  });

  it('a bar touching neither leaves the position open', () => {
    const k = longThen([100, 103.9, 98.1, 101]);
    expect(k.fills.length, 'only the entry').toBe(1);
    expect(k.inst.account.isFlat).toBe(false);
  });
});

describe('shorts', () => {
  const short = { ...base, allowShort: true };

  it('a SELL when flat opens a short; P&L is positive when the price falls; equity = cash − qty·close', () => {
    const k = kit({ ...short, risk: {} }, { [at(0)]: 'SELL', [at(2)]: 'BUY' });
    k.feed(hourly([ENTRY_BAR, [95, 96, 89, 90]]));
    const cash = 10_000 + 10 * 100 - 1; // proceeds of the short sale less the fee
    expect(k.inst.account.position?.side).toBe('short');
    expect(k.inst.account.cash).toBeCloseTo(cash, 10);
    expect(k.equity[1].equity, 'short marked at 90: cash − 10 × 90').toBeCloseTo(cash - 900, 10);
    expect(k.inst.getMetrics().current.unrealizedPnL, '10 × (100 − 90)').toBeCloseTo(100, 10);
    k.feed(hourly([ENTRY_BAR, [95, 96, 89, 90], [90, 91, 89, 90]]).slice(2));
    expect(k.trades[0].side).toBe('short');
    expect(k.trades[0].pnl, '10 × (100 − 90) − fees 1.00 and 0.90').toBeCloseTo(100 - 1 - 0.9, 10);
    expect(k.inst.account.cash, 'back to cash only').toBeCloseTo(10_000 + 100 - 1 - 0.9, 9);
  });

  it('a losing short has a negative P&L', () => {
    const k = kit({ ...short, risk: {} }, { [at(0)]: 'SELL', [at(1)]: 'EXIT' }).feed(hourly([ENTRY_BAR, [101, 111, 100, 110]]));
    expect(k.trades[0].pnl, '10 × (100 − 110) − fees 1.00 and 1.10').toBeCloseTo(-100 - 1 - 1.1, 10);
  });

  it('short stop above, take profit below; the stop wins when both are touched', () => {
    const stop = kit(short, { [at(0)]: 'SELL' }).feed(hourly([ENTRY_BAR, [100, 103, 99, 101]]));
    expect([stop.fills[1].side, stop.fills[1].price, stop.trades[0].exitReason], 'high 103 crossed 102: buy back at 102').toEqual(['buy', 102, 'stop_loss']);
    const tp = kit(short, { [at(0)]: 'SELL' }).feed(hourly([ENTRY_BAR, [99, 100, 95, 97]]));
    expect([tp.fills[1].price, tp.trades[0].exitReason], 'low 95 reached 96').toEqual([96, 'take_profit']);
    const both = kit(short, { [at(0)]: 'SELL' }).feed(hourly([ENTRY_BAR, [100, 103, 95, 97]]));
    expect(both.trades[0].exitReason).toBe('stop_loss');
    const gap = kit({ ...short, execution: { fill: 'close', slippageBps: 100 } }, { [at(0)]: 'SELL' }).feed(hourly([ENTRY_BAR, [105, 106, 104, 105]]));
    expect(gap.fills[1].price, 'gap above the stop: buy at the open plus 1% slippage').toBeCloseTo(105 * 1.01, 12);
  });

  it('BUY while short covers it; the next BUY opens a long', () => {
    const k = kit({ ...short, risk: {} }, { [at(0)]: 'SELL', [at(1)]: 'BUY', [at(2)]: 'BUY' }).feed(hourly([ENTRY_BAR, [100, 100, 100, 100], [100, 100, 100, 100]]));
    expect(k.fills.map((f) => `${f.side}:${f.reason}`)).toEqual(['sell:entry', 'buy:exit', 'buy:entry']);
  });
});

describe('max drawdown breaker', () => {
  it('pauses the strategy and exits when drawdown reaches the limit; nothing opens afterwards', () => {
    const k = kit(
      { sizing: { mode: 'quantity', value: 50 }, execution: { fill: 'close' }, risk: { maxDrawdown: 0.1 } },
      { [at(0)]: 'BUY', [at(3)]: 'BUY' },
    );
    k.feed(hourly([ENTRY_BAR, [100, 100, 95, 95], [90, 90, 78, 78], [80, 81, 79, 80], [80, 81, 79, 80]]));
    // Bought 50 at 100 for 5,000 + 5 fee: cash 4,995. Peak equity 10,000 (the capital).
    // Bar 1 close 95: equity 4,995 + 4,750 = 9,745, drawdown 2.55%: below the limit.
    // Bar 2 close 78: equity 4,995 + 3,900 = 8,895, drawdown 11.05% >= 10%: the breaker trips.
    expect(k.equity.map((e) => e.equity)).toEqual([9_995, 9_745, 8_895, expect.any(Number), expect.any(Number)].map((x) => (typeof x === 'number' ? expect.closeTo(x, 9) : x)));
    expect(k.equity[2].drawdown, '(10,000 − 8,895) / 10,000').toBeCloseTo(0.1105, 12);
    expect(k.trades.map((t) => [t.exitReason, t.exitPrice]), 'closed at bar 2 close (fill policy close)').toEqual([['max_drawdown', 78]]);
    expect(k.statuses.map((s) => [s.from, s.to]), 'running -> paused').toEqual([['running', 'paused']]);
    expect(k.statuses[0].reason).toMatch(/max drawdown 11\.05% reached the 10\.00% limit/);
    expect(k.inst.status).toBe('paused');
    expect(k.inst.violatedLimits).toEqual(['maxDrawdown']);
    expect(k.fills.length, 'the BUY scripted for bar 3 is not acted on while paused').toBe(2);
  });

  it('with next_open the breaker exit fills at the next open', () => {
    const k = kit({ sizing: { mode: 'quantity', value: 50 }, risk: { maxDrawdown: 0.1 } }, { [at(0)]: 'BUY' });
    // Entry fills at bar 1 open (100): cash 10,000 − 5,000 − 5 = 4,995; bar 1 closes at 78: equity 8,895, drawdown 11.05%.
    k.feed(hourly([ENTRY_BAR, [100, 100, 78, 78], [77, 79, 76, 78]]));
    expect(k.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime]), 'the breaker exit fills at bar 2 open').toEqual([['max_drawdown', 77, at(2)]]);
    expect(k.inst.status).toBe('paused');
  });
});

describe('pause, resume and stop', () => {
  it('pause keeps stops armed but opens nothing; resume acts again', () => {
    const k = kit(base, { [at(0)]: 'BUY', [at(2)]: 'BUY', [at(3)]: 'BUY' });
    k.feed(hourly([ENTRY_BAR]));
    k.inst.setStatus('paused', 'test');
    k.feed(hourly([ENTRY_BAR, [99, 100, 97, 98], [98, 99, 97, 98]]).slice(1));
    expect(k.trades.map((t) => t.exitReason), 'the stop fired while paused').toEqual(['stop_loss']);
    expect(k.fills.length, 'the BUY at bar 2 was ignored while paused').toBe(2);
    k.inst.setStatus('running', 'test');
    k.feed(hourly([ENTRY_BAR, ENTRY_BAR, ENTRY_BAR, [98, 99, 97, 98]]).slice(3));
    expect(k.fills.length, 'after resuming, the BUY at bar 3 opens').toBe(3);
  });

  it('stopStrategy closes the position at the last close (with slippage), reason "stopped"', async () => {
    const events = closedEvents(hourly([ENTRY_BAR, [100, 101, 99, 101], [101, 102, 100, 102]]));
    const manager = new StrategyManager({ modules: new Map([['script', scripted({ [at(0)]: 'BUY' })]]) });
    const id = manager.startStrategy({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', sizing: { mode: 'quantity', value: 10 }, execution: { slippageBps: 100 } });
    const trades: unknown[] = [];
    manager.events.on('trade', (t) => trades.push([t.exitReason, t.exitPrice, t.exitTime]));
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(events, [{ symbol: 'BTC/USDT', timeframe: '1h' }]));
    manager.stopStrategy(id);
    expect(trades, 'last close 102 less 1% slippage, at the last bar close time').toEqual([['stopped', 102 * 0.99, at(3)]]);
    expect(manager.getMetrics(id).status).toBe('stopped');
    expect(manager.getMetrics(id).current.position).toBeNull();
  });

  it('stopStrategy with closePosition: false leaves the position open', () => {
    const manager = new StrategyManager({ modules: new Map([['script', scripted({ [at(0)]: 'BUY' })]]) });
    const id = manager.startStrategy({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', execution: { fill: 'close' } });
    manager.onNewCandle(hourly([ENTRY_BAR])[0]);
    manager.stopStrategy(id, { closePosition: false });
    expect(manager.getMetrics(id).current.position?.side).toBe('long');
  });
});
