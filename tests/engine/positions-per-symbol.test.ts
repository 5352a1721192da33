/**
 * Positions per symbol: a code strategy declaring another symbol holds a position in each, long one and short
 * the other, filled on each symbol's own bars; equity marks each leg at its own last price. Checked against a
 * hand computation on hand-built bars.
 */
import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Intent, StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Fill, Trade } from '../../engine/types.ts';
import { mergeEvents, T0 } from './helpers.ts';
import { A, A_BARS, B, B_BARS, M15, pairConfig } from './pair-bars.ts';


/** Bar 1: long 10 A and short 20 B; bar 3: exit both. */
const script: StrategyFactory = () => {
  let n = 0;
  return {
    onCandle(): readonly Intent[] | null {
      n++;
      if (n === 1) return [{ action: 'BUY', quantity: 10 }, { action: 'SELL', symbol: B, quantity: 20 }];
      if (n === 3) return [{ action: 'EXIT' }, { action: 'EXIT', symbol: B }];
      return null;
    },
  };
};

const CONFIG = pairConfig('script');

async function run(config: StrategyConfigInput, factory: StrategyFactory = script) {
  const manager = new StrategyManager({ modules: new Map([['script', factory]]) });
  const fills: Fill[] = [];
  const trades: Trade[] = [];
  const equity: number[] = [];
  manager.events.on('fill', (f) => fills.push(f));
  manager.events.on('trade', (t) => trades.push(t));
  manager.events.on('equity', (e) => equity.push(e.equity));
  const id = manager.startStrategy(config);
  const feed = new ArrayFeed(mergeEvents(A_BARS, B_BARS), [
    { symbol: A, timeframe: '15m' },
    { symbol: B, timeframe: '15m' },
  ]);
  await new Engine(manager, new BacktestClock()).run(feed);
  return { manager, id, fills, trades, equity };
}

describe('positions per symbol (a pairs trade)', () => {
  it('fills each leg at its own next open, marks each at its own close, and closes both as separate trades', async () => {
    const { manager, id, fills, trades, equity } = await run(CONFIG);
    const fee = 0.001;
    expect(fills.map((f) => `${f.symbol} ${f.side} ${f.quantity} @ ${f.price} t=${(f.time - T0) / M15}`), 'next open of each symbol: bar 2 to open, bar 4 to close; the other symbol first (its bar comes in the informative pass)').toEqual([
      `${B} sell 20 @ 50 t=1`,
      `${A} buy 10 @ 100 t=1`,
      `${B} buy 20 @ 47 t=3`,
      `${A} sell 10 @ 104 t=3`,
    ]);
    // Cash after the entries: 10000 − 10·100 − fee + 20·50 − fee.
    const entryFees = 10 * 100 * fee + 20 * 50 * fee;
    const cash1 = 10_000 - 1000 + 1000 - entryFees;
    const want = [
      10_000, // bar 1: flat
      cash1 + 10 * 102 - 20 * 49, // bar 2: A at its close 102, B at its close 49
      cash1 + 10 * 105 - 20 * 47, // bar 3
    ];
    const exitFees = 10 * 104 * fee + 20 * 47 * fee;
    const cash2 = cash1 + 10 * 104 - 20 * 47 - exitFees;
    want.push(cash2, cash2);
    expect(equity.length).toBe(5);
    equity.forEach((e, i) => expect(e, `equity at bar ${i + 1}`).toBeCloseTo(want[i], 9));
    expect(trades.map((t) => `${t.symbol} ${t.side} ${t.entryPrice}->${t.exitPrice}`)).toEqual([`${B} short 50->47`, `${A} long 100->104`]);
    expect(trades[1].pnl).toBeCloseTo(10 * 4 - 10 * 100 * fee - 10 * 104 * fee, 9);
    expect(trades[0].pnl).toBeCloseTo(20 * 3 - 20 * 50 * fee - 20 * 47 * fee, 9);
    const m = manager.getMetrics(id);
    expect(m.current.positions, 'a strategy trading two symbols lists every position').toEqual([]);
    expect(m.performance.totalTrades).toBe(2);
  });

  it('while both legs are open the snapshot lists both and gross exposure counts both notionals', async () => {
    const holder: StrategyFactory = () => {
      let n = 0;
      return { onCandle: () => (++n === 1 ? [{ action: 'BUY', quantity: 10 }, { action: 'SELL', symbol: B, quantity: 20 }] : null) };
    };
    const { manager, id } = await run({ ...CONFIG, execution: { fill: 'close', feeBps: 0 } }, holder);
    const m = manager.getMetrics(id);
    expect(m.current.positions!.map((p) => `${p.symbol} ${p.side} ${p.quantity}`)).toEqual([`${A} long 10`, `${B} short 20`]);
    // Last closes: A 100, B 48. Equity = 10000 − 1000 + 1000 + 10·100 − 20·48.
    const equity = 10_000 + 10 * 100 - 20 * 48;
    expect(m.performance.equity).toBeCloseTo(equity, 9);
    expect(m.risk.currentExposure).toBeCloseTo((10 * 100 + 20 * 48) / equity, 12);
    expect(m.current.unrealizedPnL).toBeCloseTo(10 * (100 - 100) + 20 * (50 - 48), 9);
  });

  it('an intent on a symbol the strategy did not declare fails that strategy with the reason', async () => {
    const stray: StrategyFactory = () => ({ onCandle: () => ({ action: 'BUY', symbol: 'ZZZ/USD' }) });
    const { manager, id } = await run(CONFIG, stray);
    expect(manager.getInstance(id).status).toBe('errored');
    expect(manager.getInstance(id).errorMessage).toMatch(/intent on ZZZ\/USD, which it does not trade .*trades: AAA\/USD, BBB\/USD/);
  });

  it('a single-symbol snapshot has no positions key (metrics.json unchanged for existing strategies)', async () => {
    const { manager, id } = await run({ ...CONFIG, series: undefined, allowShort: false }, () => ({ onCandle: () => null }));
    expect('positions' in manager.getMetrics(id).current).toBe(false);
  });
});
