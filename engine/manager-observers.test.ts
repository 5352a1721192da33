import { describe, expect, it } from 'vitest';
import { BacktestClock } from './clock.ts';
import { Engine } from './engine.ts';
import { ArrayFeed } from './feed.ts';
import { StrategyManager, type ManagerObserver } from './manager.ts';
import type { StrategyFactory } from './strategy/strategy.ts';
import { closedEvents, HOUR, randomWalk, T0 } from '../tests/engine/helpers.ts';


/** A code strategy that throws on its `failAt`-th bar (1-based) and otherwise does nothing. */
const failing = (failAt: number): StrategyFactory => () => {
  let bars = 0;
  return {
    onCandle: () => {
      if (++bars === failAt) throw new Error('boom');
      return null;
    },
  };
};

describe('StrategyManager observers', () => {
  it('see every candle in and done, and each instance before and after it, in order; a throwing instance is reported then isolated', async () => {
    const manager = new StrategyManager({ modules: new Map([['ok', failing(Infinity)], ['bad', failing(2)]]) });
    manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'ok' });
    manager.startStrategy({ id: 'b', symbol: 'BTC/USDT', timeframe: '1h', module: 'bad' });
    const log: string[] = [];
    const observer: ManagerObserver = {
      candleIn: (c) => log.push(`in ${(c.openTime - T0) / HOUR}`),
      beforeInstance: (i) => log.push(`before ${i.id} ${i.status}`),
      afterInstance: (i) => log.push(`after ${i.id} ${i.status}`),
      instanceFailed: (i, e) => log.push(`failed ${i.id} ${(e as Error).message}`),
      candleDone: (c) => log.push(`done ${(c.openTime - T0) / HOUR}`),
    };
    const remove = manager.addObserver(observer);
    const candles = randomWalk('BTC/USDT', 3, 7, 100, T0, '1h', HOUR);
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(candles), [{ symbol: 'BTC/USDT', timeframe: '1h' }]));
    expect(log, 'b fails on its second bar: observed (still running when after-hooks run), then errored and no longer fed').toEqual([
      'in 0', 'before a running', 'after a running', 'before b running', 'after b running', 'done 0',
      'in 1', 'before a running', 'after a running', 'before b running', 'after b running', 'failed b boom', 'done 1',
      'in 2', 'before a running', 'after a running', 'done 2',
    ]);
    expect(manager.getInstance('b').status, 'the failure is handled as without observers').toBe('errored');
    remove();
    log.length = 0;
    manager.onNewCandle({ ...candles[2], openTime: candles[2].openTime + HOUR, closeTime: candles[2].closeTime + HOUR });
    expect(log, 'a removed observer hears nothing').toEqual([]);
  });
});
