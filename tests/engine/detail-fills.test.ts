/**
 * Intrabar detail (`execution.detail`): a 1h strategy's fills resolved on the 1m bars inside each hour, in time
 * order, while its strategy still evaluates only the closed 1h bars. Every expected price and time below is worked
 * out by hand from the minute bars the test builds (all flat at 100 unless a minute is given).
 */
import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Candle, Fill, Order, Trade } from '../../engine/types.ts';
import type { EngineEventMap } from '../../engine/events.ts';
import { closedEvents, HOUR, MINUTE, T0 } from './helpers.ts';
import { probed, scripted, type Plan } from './scripted.ts';

type Ohlc = readonly [number, number, number, number];

/** `count` BTC/USDT 1m bars from T0; minute i is `moves[i]` when given, else flat at the previous close (100 at first). */
function minutes(count: number, moves: Readonly<Record<number, Ohlc>>): Candle[] {
  const out: Candle[] = [];
  let last = 100;
  for (let i = 0; i < count; i++) {
    const [open, high, low, close] = moves[i] ?? [last, last, last, last];
    out.push({ symbol: 'BTC/USDT', timeframe: '1m', openTime: T0 + i * MINUTE, closeTime: T0 + (i + 1) * MINUTE, open, high, low, close, volume: 1 });
    last = close;
  }
  return out;
}

interface Run {
  fills: Fill[];
  trades: Trade[];
  orders: Order[];
  cancelled: EngineEventMap['orderCancelled'][];
  /** Every bar the strategy was asked about: `timeframe openTime`. */
  seen: string[];
  detailFills: number;
}

/** Runs a scripted 1h code strategy (no fees, no slippage, 10,000 capital) over the minute bars through the real manager. */
async function run(config: Record<string, unknown>, plan: Plan, candles: readonly Candle[]): Promise<Run> {
  const seen: string[] = [];
  const manager = new StrategyManager({ modules: new Map([['script', probed(scripted(plan), seen)]]) });
  const r: Run = { fills: [], trades: [], orders: [], cancelled: [], seen: [], detailFills: 0 };
  manager.events.on('fill', (f) => r.fills.push(f));
  manager.events.on('trade', (t) => r.trades.push(t));
  manager.events.on('order', (o) => r.orders.push(o));
  manager.events.on('orderCancelled', (c) => r.cancelled.push(c));
  const { execution, ...rest } = config as { execution?: Record<string, unknown> };
  const id = manager.startStrategy({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', ...rest, execution: { feeBps: 0, slippageBps: 0, ...execution } });
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(candles), [{ symbol: 'BTC/USDT', timeframe: '1m' }]));
  r.seen = seen.map((s) => s.split(' ').slice(1).join(' '));
  r.detailFills = manager.getInstance(id).detailFills;
  return r;
}

const detail = { execution: { detail: '1m' } };
const minute = (i: number) => T0 + i * MINUTE;

describe('execution.detail: stop and target inside one strategy bar', () => {
  // BUY on hour 0 (decided at its close, 01:00): the market entry fills at 100, the open of hour 1 (= the open of
  // minute 60). Stop 2% below = 98, target 3% above = 103. In hour 1 the market touches 103.5 at minute 70 (01:10)
  // and 97.5 at minute 100 (01:40), so the 1h bar [o 100, h 103.5, l 97.5] touches both.
  const bars = minutes(180, { 70: [100, 103.5, 100, 100], 100: [100, 100, 97.5, 100] });
  const config = { risk: { stopLoss: 0.02, takeProfit: 0.03 } };

  it('without detail the pessimistic policy (stop_first) takes the stop at 98, stamped with the bar open', async () => {
    const r = await run(config, { [T0]: 'BUY' }, bars);
    expect(r.fills[0], 'next-open entry at the 1h open').toMatchObject({ price: 100, time: T0 + HOUR });
    expect(r.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime, t.pnl])).toEqual([['stop_loss', 98, T0 + HOUR, 100 * (98 - 100)]]);
  });

  it('with 1m detail the target, touched first (01:10), fills at 103 at that minute; the stop at 01:40 is never reached', async () => {
    const r = await run({ ...config, ...detail }, { [T0]: 'BUY' }, bars);
    expect(r.fills[0], 'the next-open entry fills at the open of the first minute of hour 1 (= the 1h open)').toMatchObject({ price: 100, time: minute(60), quantity: 100 });
    // 10,000 / 100 = 100 units; (103 − 100) × 100 = 300.
    expect(r.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime, t.pnl])).toEqual([['take_profit', 103, minute(70), 300]]);
    expect(r.detailFills, 'the take-profit; the entry at the open is a plain next-open fill').toBe(1);
  });

  it('within one finer bar touching both, the named policy still decides (stop_first: 98)', async () => {
    const both = minutes(180, { 70: [100, 103.5, 97.5, 100] });
    const r = await run({ ...config, ...detail }, { [T0]: 'BUY' }, both);
    expect(r.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime])).toEqual([['stop_loss', 98, minute(70)]]);
    const optimistic = await run({ ...config, ...detail, orders: { bothTouched: 'target_first' } }, { [T0]: 'BUY' }, both);
    expect(optimistic.trades.map((t) => [t.exitReason, t.exitPrice])).toEqual([['take_profit', 103]]);
  });
});

describe('execution.detail: finer bars aggregated from the data, and strategy bars without finer bars', () => {
  const config = { risk: { stopLoss: 0.02, takeProfit: 0.03 } };

  it('5m detail on 1m data: the engine builds the 5m bars; the target touched at 01:12 fills on the 5m bar opening 01:10', async () => {
    const r = await run({ ...config, execution: { detail: '5m' } }, { [T0]: 'BUY' }, minutes(180, { 72: [100, 103.5, 100, 100], 100: [100, 100, 97.5, 100] }));
    expect(r.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime])).toEqual([['take_profit', 103, minute(70)]]);
  });

  it('a 1h bar the feed delivers with no 1m bar inside it is matched on its own range (the named fallback)', async () => {
    // The feed delivers 1m and 1h; hour 1 has its 1h bar [100, 103.5, 97.5, 100] but no minutes. The entry decided
    // at 01:00 fills at that bar's open (100) and the bar, touching both, gives the stop (stop_first) at 98, at 01:00.
    const all = minutes(180, {});
    const fine = all.filter((b) => b.openTime < T0 + HOUR || b.openTime >= T0 + 2 * HOUR);
    const hours = [0, 1, 2].map((h) => ({ symbol: 'BTC/USDT', timeframe: '1h', openTime: T0 + h * HOUR, closeTime: T0 + (h + 1) * HOUR, open: 100, high: h === 1 ? 103.5 : 100, low: h === 1 ? 97.5 : 100, close: 100, volume: 60 }));
    const manager = new StrategyManager({ modules: new Map([['script', scripted({ [T0]: 'BUY' })]]) });
    const trades: Trade[] = [];
    manager.events.on('trade', (t) => trades.push(t));
    manager.startStrategy({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', ...config, execution: { feeBps: 0, slippageBps: 0, detail: '1m' } });
    const events = [...fine, ...hours].sort((a, b) => a.closeTime - b.closeTime || (a.timeframe === '1m' ? -1 : 1));
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(events), [{ symbol: 'BTC/USDT', timeframe: '1m' }, { symbol: 'BTC/USDT', timeframe: '1h' }]));
    expect(trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime])).toEqual([['stop_loss', 98, T0 + HOUR]]);
    expect(manager.getInstance('s').detailFills).toBe(0);
  });

  it('execution.detail cannot change on a running strategy (its finer series is routed at start)', () => {
    const manager = new StrategyManager();
    const id = manager.startStrategy({ id: 'r', symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'close > 0' } }, execution: { detail: '1m' } });
    expect(() => manager.updateConfig(id, { execution: { detail: '5m' } })).toThrow('cannot change execution.detail of running strategy r');
    expect(manager.updateConfig(id, { risk: { stopLoss: 0.05 } }).execution.detail, 'other changes keep it').toBe('1m');
  });
});

describe('execution.detail: working limit entries', () => {
  // A limit 2% below the signal close (100) = 98, placed at 01:00.
  const limit = { orders: { entry: { type: 'limit', offset: -0.02 } } };

  it('fills at the limit on the minute whose low reaches it, stamped with that minute (01:25)', async () => {
    const bars = minutes(180, { 85: [100, 100, 97.9, 99] });
    const coarse = await run(limit, { [T0]: 'BUY' }, bars);
    expect(coarse.fills.map((f) => [f.price, f.time]), 'without detail: the 1h bar reaches it, stamped 01:00').toEqual([[98, T0 + HOUR]]);
    const r = await run({ ...limit, ...detail }, { [T0]: 'BUY' }, bars);
    expect(r.fills.map((f) => [f.price, f.time, f.quantity])).toEqual([[98, minute(85), 10_000 / 98]]);
    expect(r.detailFills).toBe(1);
  });

  it('a minute opening through the limit (gap to 97) fills at that open, the better price; the 1h bar would give 98', async () => {
    const bars = minutes(180, { 85: [97, 97.5, 96.8, 97.2] });
    const coarse = await run(limit, { [T0]: 'BUY' }, bars);
    expect(coarse.fills.map((f) => f.price), 'the hour opened at 100, above the limit: filled at the limit').toEqual([98]);
    const r = await run({ ...limit, ...detail }, { [T0]: 'BUY' }, bars);
    expect(r.fills.map((f) => [f.price, f.time])).toEqual([[97, minute(85)]]);
  });

  it('a time in force of 2 bars still means two 1h bars: tried through 02:59, expired at 03:00', async () => {
    const r = await run({ orders: { entry: { type: 'limit', offset: -0.05, tif: { bars: 2 } } }, ...detail }, { [T0]: 'BUY' }, minutes(240, { 190: [95, 95, 94, 95] }));
    expect(r.fills, 'the dip at 03:10 comes after it expired').toEqual([]);
    expect(r.cancelled.map((c) => [c.reason, c.time])).toEqual([['expired', T0 + 3 * HOUR]]);
    expect(r.orders[0].tif, 'the order says what was asked').toBe('2 bars');
  });
});

describe('execution.detail: trailing stop', () => {
  it('ratchets on each minute close and exits at its level on the minute that reaches it', async () => {
    // Entry 100 at 01:00: stop 100 − 5% = 95. Minute 65 closes 108: stop 108 − 5.4 = 102.6. Minute 80 closes 110:
    // stop 110 − 5.5 = 104.5. Minute 100 (opening 110) trades down to 104: out at 104.5, at 01:40.
    const bars = minutes(180, { 65: [100, 108.5, 100, 108], 80: [108, 112, 107, 110], 100: [110, 110, 104, 105] });
    const trail = { risk: { trailingStop: { percent: 0.05 } } };
    const r = await run({ ...trail, ...detail }, { [T0]: 'BUY' }, bars);
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect([t.exitReason, t.exitTime]).toEqual(['trailing_stop', minute(100)]);
    expect(t.exitPrice).toBeCloseTo(104.5, 9);
    expect(t.pnl, '100 units × (104.5 − 100)').toBeCloseTo(450, 6);
    // Without detail the trail moves only at the 1h closes (105 at 02:00: 99.75), and hour 1 never falls below 100.
    const coarse = await run(trail, { [T0]: 'BUY' }, bars);
    expect(coarse.trades, 'still open at the end of the data').toEqual([]);
  });
});

describe('execution.detail: liquidation of a leveraged perpetual', () => {
  // Long at 100 with leverage 10 and no maintenance margin: liquidation at 100 × (1 − 1/10) = 90; 10,000 × 10 buys
  // 1,000 units. Target 3% above = 103.
  const perp = { instrument: 'perpetual', leverage: 10, maintenanceMargin: 0, risk: { takeProfit: 0.03 } };

  it('the minute that reaches the level first decides: a target at 01:05 before the fall wins; without detail the liquidation does', async () => {
    const bars = minutes(180, { 65: [100, 103.5, 100, 100], 70: [100, 100, 89, 95] });
    const coarse = await run(perp, { [T0]: 'BUY' }, bars);
    expect(coarse.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime, t.pnl]), 'the 1h bar touches both; liquidation is checked first').toEqual([['liquidation', 90, T0 + HOUR, 1000 * (90 - 100)]]);
    const fine = await run({ ...perp, ...detail }, { [T0]: 'BUY' }, bars);
    expect(fine.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime, t.pnl])).toEqual([['take_profit', 103, minute(65), 1000 * 3]]);
  });

  it('a fall first liquidates at 90 on that minute (01:10)', async () => {
    const fine = await run({ ...perp, ...detail }, { [T0]: 'BUY' }, minutes(180, { 70: [100, 100, 89, 95], 75: [95, 103.5, 95, 100] }));
    expect(fine.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime])).toEqual([['liquidation', 90, minute(70)]]);
    expect(fine.detailFills).toBe(1);
  });
});

describe('execution.detail: what the strategy sees and determinism', () => {
  const bars = minutes(300, { 70: [100, 103.5, 100, 100], 130: [100, 100, 96, 97], 200: [97, 99, 97, 98.5] });
  const plan: Plan = { [T0]: 'BUY', [T0 + 2 * HOUR]: 'BUY', [T0 + 3 * HOUR]: 'EXIT' };
  const config = { risk: { stopLoss: 0.02, takeProfit: 0.03 } };

  it('the strategy is asked once per closed 1h bar, the same bars with and without detail', async () => {
    const coarse = await run(config, plan, bars);
    const fine = await run({ ...config, ...detail }, plan, bars);
    const hours = [0, 1, 2, 3, 4].map((h) => `1h ${T0 + h * HOUR}`);
    expect(coarse.seen).toEqual(hours);
    expect(fine.seen, 'no 1m bar reaches the strategy').toEqual(hours);
  });

  it('a rule strategy\'s indicator runs on the 1h closes only: SMA(3) of 100, 100, 103 is 101, so the entry fires at 04:00', async () => {
    // Hour 3 rises to 103 at minute 190 and stays. Over 1h closes: 103 > (100 + 100 + 103) / 3 = 101, a BUY at the
    // 04:00 close. Fed the minutes, SMA(3) at 04:00 would be 103 (three closes of 103) and nothing would fire.
    const rising = minutes(240, { 190: [100, 103, 100, 103] });
    const signalsOf = async (extra: Record<string, unknown>) => {
      const manager = new StrategyManager();
      const signals: [string, number, number][] = [];
      manager.events.on('signal', (x) => signals.push([x.action, x.price, x.time]));
      manager.startStrategy({ id: 'r', symbol: 'BTC/USDT', timeframe: '1h', indicators: { sma3: { type: 'sma', period: 3 } }, rules: { entry: { condition: 'close > sma3' } }, ...extra });
      await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(rising), [{ symbol: 'BTC/USDT', timeframe: '1m' }]));
      return signals;
    };
    expect(await signalsOf({})).toEqual([['BUY', 103, T0 + 4 * HOUR]]);
    expect(await signalsOf(detail)).toEqual([['BUY', 103, T0 + 4 * HOUR]]);
  });

  it('two runs give byte-identical fills, orders and trades', async () => {
    const a = await run({ ...config, ...detail }, plan, bars);
    const b = await run({ ...config, ...detail }, plan, bars);
    expect(a.fills.length, 'the run trades').toBeGreaterThan(2);
    expect(JSON.stringify([b.fills, b.orders, b.trades])).toBe(JSON.stringify([a.fills, a.orders, a.trades]));
  });
});
