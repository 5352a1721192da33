/** The equity sink sees what `equity` events carry, bar for bar, and stays with its strategy through a stop and restart. */
import { describe, expect, it } from 'vitest';
import { BacktestClock } from './clock.ts';
import { Engine } from './engine.ts';
import { ArrayFeed } from './feed.ts';
import { StrategyManager } from './manager.ts';
import type { SeriesKey } from './types.ts';
import { closedEvents, randomWalk } from '../tests/engine/helpers.ts';

const SERIES: SeriesKey[] = [{ symbol: 'BTC/USDT', timeframe: '1m' }];
const config = { id: 'rsi', symbol: 'BTC/USDT', timeframe: '1m', indicators: { rsi: { type: 'rsi', period: 5 } }, rules: { entry: { condition: 'rsi < 40' }, exit: { condition: 'rsi > 60' } } };

describe('StrategyManager.setEquitySink', () => {
  it('receives each bar’s close time, equity and drawdown exactly as the equity events do', async () => {
    const manager = new StrategyManager();
    const id = manager.startStrategy(config);
    const events: [number, number, number][] = [];
    const sunk: [number, number, number][] = [];
    manager.events.on('equity', (e) => events.push([e.time, e.equity, e.drawdown]));
    manager.setEquitySink(id, (t, equity, drawdown) => sunk.push([t, equity, drawdown]));
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(randomWalk('BTC/USDT', 500, 11, 100)), SERIES));
    expect(sunk.length).toBe(500);
    expect(new Set(sunk.map((x) => x[1])).size, 'the strategy traded, so equity moved').toBeGreaterThan(10);
    expect(sunk).toEqual(events);
  });

  it('is kept when a stopped strategy is restarted as a fresh instance', async () => {
    const manager = new StrategyManager();
    const id = manager.startStrategy(config);
    const times: number[] = [];
    manager.setEquitySink(id, (t) => times.push(t));
    const candles = randomWalk('BTC/USDT', 20, 3, 100);
    const engine = new Engine(manager, new BacktestClock());
    await engine.run(new ArrayFeed(closedEvents(candles.slice(0, 10)), SERIES));
    manager.stopStrategy(id);
    manager.restartStrategy(id);
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(candles.slice(10)), SERIES));
    expect(times).toEqual(candles.map((c) => c.closeTime));
  });
});
