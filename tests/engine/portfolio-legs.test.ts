/**
 * A pairs strategy under the portfolio OMS: each leg is its own position for the portfolio's books (net and gross
 * exposure per symbol, open-position count, reservations), so limits judge an entry in the second symbol on that
 * symbol, and a routing-only OMS leaves the strategy's fills exactly as it trades alone.
 */
import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { PortfolioLimits } from '../../engine/portfolio/config.ts';
import { OrderManagementSystem } from '../../engine/portfolio/oms.ts';
import type { Intent, StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Fill } from '../../engine/types.ts';
import { mergeEvents, T0 } from './helpers.ts';
import { A, A_BARS, B, B_BARS, M15, pairConfig } from './pair-bars.ts';


/** Bar 1: long 5 A and short 20 B; bar 3: exit both. */
const pair: StrategyFactory = () => {
  let n = 0;
  return {
    onCandle(): readonly Intent[] | null {
      n++;
      if (n === 1) return [{ action: 'BUY', quantity: 5 }, { action: 'SELL', symbol: B, quantity: 20 }];
      if (n === 3) return [{ action: 'EXIT' }, { action: 'EXIT', symbol: B }];
      return null;
    },
  };
};

const CONFIG = pairConfig('pair');

interface Blocked {
  limit: string;
  detail: string;
  order: { symbol: string };
}

async function run(oms: OrderManagementSystem | null) {
  const manager = new StrategyManager({ modules: new Map([['pair', pair]]), gate: oms ?? undefined });
  const fills: Fill[] = [];
  const blocked: Blocked[] = [];
  const net: Record<string, number>[] = [];
  manager.events.on('fill', (f) => fills.push(f));
  manager.events.on('orderBlocked', (b) => blocked.push(b as Blocked));
  manager.events.on('equity', () => oms && net.push({ [A]: oms.netPosition(A), [B]: oms.netPosition(B) }));
  manager.startStrategy(CONFIG);
  const feed = new ArrayFeed(mergeEvents(A_BARS, B_BARS), [
    { symbol: A, timeframe: '15m' },
    { symbol: B, timeframe: '15m' },
  ]);
  await new Engine(manager, new BacktestClock()).run(feed);
  oms?.finish();
  return { fills, blocked, net };
}

const line = (f: Fill) => `${f.symbol} ${f.side} ${f.quantity} @ ${f.price} t=${(f.time - T0) / M15}`;

describe('portfolio OMS with a strategy trading two symbols', () => {
  it('a routing-only OMS leaves both legs filled as the strategy trades alone, and nets each symbol on its own', async () => {
    const alone = await run(null);
    const { fills, blocked, net } = await run(new OrderManagementSystem());
    expect(blocked).toEqual([]);
    expect(fills.map(line)).toEqual(alone.fills.map(line));
    expect(fills.map(line)).toEqual([`${B} sell 20 @ 50 t=1`, `${A} buy 5 @ 100 t=1`, `${B} buy 20 @ 47 t=3`, `${A} sell 5 @ 104 t=3`]);
    expect(net.map((n) => `${n[A]} ${n[B]}`), 'net per symbol at each bar close: long 5 A, short 20 B from bar 2 to bar 3').toEqual(['0 0', '5 -20', '5 -20', '0 0', '0 0']);
  });

  it('a symbol exposure limit judges the second leg on its own symbol', async () => {
    // At review: A 5 × 100 = 500 (5% of 10,000), B 20 × 50 = 1,000 (10%). A 8% per-symbol limit admits A only.
    const limits: PortfolioLimits = { maxSymbolExposure: 0.08 };
    const { fills, blocked } = await run(new OrderManagementSystem({ limits }));
    expect(blocked.map((b) => `${b.order.symbol} ${b.limit}: ${b.detail}`)).toEqual([`${B} portfolio.maxSymbolExposure: ${B} exposure would be 10.00% of portfolio equity; the limit is 8.00%`]);
    expect(fills.filter((f) => f.reason === 'entry').map((f) => f.symbol)).toEqual([A]);
  });

  it('each leg counts as a position: with one position allowed the second leg is refused', async () => {
    const { blocked } = await run(new OrderManagementSystem({ limits: { maxOpenPositions: 1 } }));
    expect(blocked.map((b) => `${b.order.symbol} ${b.limit}: ${b.detail}`)).toEqual([`${B} portfolio.maxOpenPositions: 1 position(s) open or pending; the limit is 1`]);
  });
});
