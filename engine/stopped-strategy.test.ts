/**
 * Stopped strategies are released: the manager keeps their config and final metrics (a bounded history) and
 * drops the instance, so starting and stopping strategies all day does not grow memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BacktestClock } from './clock.ts';
import { Engine } from './engine.ts';
import { ArrayFeed } from './feed.ts';
import { StrategyManager } from './manager.ts';
import { StrategyStoppedError } from './stopped-strategy.ts';
import type { SeriesKey } from './types.ts';
import { closedEvents, HOUR, randomWalk, T0 } from '../tests/engine/helpers.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BTC_1H: SeriesKey = { symbol: 'BTC/USDT', timeframe: '1h' };
const config = (id: string) => ({
  id,
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: 5 }, slow: { type: 'ema', period: 20 }, rsi: { type: 'rsi', period: 14 } },
  rules: { entry: { condition: 'fast > slow AND rsi < 70' }, exit: { condition: 'fast < slow' } },
  risk: { maxPositionSize: 0.5 },
});

async function ranManager(ids: readonly string[], opts: { stoppedHistory?: number } = {}) {
  const manager = new StrategyManager(opts);
  for (const id of ids) manager.startStrategy(config(id));
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(randomWalk('BTC/USDT', 300, 7, 100, T0, '1h', HOUR)), [BTC_1H]));
  return manager;
}

describe('a stopped strategy', () => {
  it('keeps its final metrics, config and place in the list; its instance is gone', async () => {
    const manager = await ranManager(['a', 'b', 'c']);
    const before = manager.getMetrics('b');
    expect(before.performance.totalTrades).toBeGreaterThan(0);
    manager.stopStrategy('b', { closePosition: false });
    expect(manager.list().map((s) => `${s.id}:${s.status}`)).toEqual(['a:running', 'b:stopped', 'c:running']);
    expect(manager.getMetrics('b').performance).toEqual({ ...before.performance });
    expect(manager.getMetrics('b').status).toBe('stopped');
    expect(manager.view('b').config.indicators).toEqual(manager.view('a').config.indicators);
    expect([...manager.instances()].map((i) => i.id)).toEqual(['a', 'c']);
    expect(() => manager.getInstance('b')).toThrow(StrategyStoppedError);
    expect(() => manager.getInstance('b')).toThrow('strategy "b" is stopped: its instance needs a running strategy');
    expect(() => manager.updateConfig('b', { risk: { maxPositionSize: 0.2 } })).toThrow('strategy "b" is stopped: a config update needs a running strategy');
    expect(() => manager.pauseStrategy('b')).toThrow('strategy b is stopped, only a running strategy can be paused');
  });

  it('restarted, it runs as a fresh instance with the same id and config', async () => {
    const manager = await ranManager(['a', 'b']);
    manager.stopStrategy('b');
    manager.restartStrategy('b');
    expect(manager.getInstance('b').status).toBe('running');
    expect(manager.getMetrics('b').performance.totalTrades).toBe(0);
    expect(manager.list().map((s) => s.id)).toEqual(['a', 'b']);
    manager.stopStrategy('b'); // and it can stop again
    expect(manager.view('b').status).toBe('stopped');
  });

  it('the history of stopped strategies is bounded: the oldest are forgotten, their ids free again', async () => {
    const manager = await ranManager(['s1', 's2', 's3', 'live'], { stoppedHistory: 2 });
    for (const id of ['s1', 's2', 's3']) manager.stopStrategy(id);
    expect(manager.list().map((s) => s.id)).toEqual(['s2', 's3', 'live']);
    expect(manager.has('s1')).toBe(false);
    expect(manager.startStrategy(config('s1'))).toBe('s1');
    expect(manager.startStrategy(config('s2'))).toBe('s2-2');
  });

  it('is released: no reference to the instance survives a collection', async () => {
    const manager = await ranManager(['a']);
    const ref = new WeakRef(manager.getInstance('a'));
    manager.stopStrategy('a');
    await new Promise((r) => setImmediate(r));
    gc();
    expect(ref.deref()).toBeUndefined();
    expect(manager.getMetrics('a').status).toBe('stopped');
  });

  it('2,000 start/stop cycles with a 100-record history keep the heap flat (under 1 KB per cycle)', async () => {
    const manager = await ranManager(['keep'], { stoppedHistory: 100 });
    const cycle = (n: number) => {
      for (let i = 0; i < n; i++) manager.stopStrategy(manager.startStrategy(config('cycled')));
    };
    cycle(200); // fills the history and warms up the code paths
    gc();
    const before = process.memoryUsage().heapUsed;
    cycle(2000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(manager.list().length).toBe(101);
    expect(grown / 2000, `heap grew ${grown} bytes`).toBeLessThan(1024);
  });
});
