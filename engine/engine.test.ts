import { describe, expect, it } from 'vitest';
import { BacktestClock } from './clock.ts';
import { Engine } from './engine.ts';
import { ArrayFeed } from './feed.ts';
import { StrategyManager } from './manager.ts';
import type { MarketEvent } from './types.ts';
import { closedEvents, HOUR, randomWalk, T0 } from '../tests/engine/helpers.ts';
import { scripted } from '../tests/engine/scripted.ts';

const SERIES = [{ symbol: 'BTC/USDT', timeframe: '1h' }];
const candles = randomWalk('BTC/USDT', 5, 1, 100, T0, '1h', HOUR);

function managerWithProbe(seen: number[]) {
  const manager = new StrategyManager({ modules: new Map([['m', scripted({})]]) });
  const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' });
  const inst = manager.getInstance(id);
  const process = inst.processCandle.bind(inst);
  inst.processCandle = (c) => (seen.push(c.openTime), process(c));
  return manager;
}

describe('Engine', () => {
  it('runs a feed to its end, advancing the clock to each closed candle and summarising', async () => {
    const seen: number[] = [];
    const clock = new BacktestClock();
    const times: number[] = [];
    const manager = managerWithProbe(seen);
    manager.events.on('candle', () => times.push(clock.now()));
    const summary = await new Engine(manager, clock).run(new ArrayFeed(closedEvents(candles), SERIES));
    expect(summary).toEqual({ events: 5, candles: 5, firstTime: T0 + HOUR, lastTime: T0 + 5 * HOUR });
    expect(times, 'the clock reads each candle close while it is processed').toEqual(candles.map((c) => c.closeTime));
    expect(seen.length, 'the strategy saw every closed candle').toBe(5);
  });

  it('feed status events advance the clock and come out as "feed" events; in-progress candles reach only listeners', async () => {
    const seen: number[] = [];
    const clock = new BacktestClock();
    const manager = managerWithProbe(seen);
    const feedEvents: string[] = [];
    const partial: boolean[] = [];
    manager.events.on('feed', (f) => feedEvents.push(`${f.status}@${f.time}`));
    manager.events.on('candle', (c) => partial.push(!c.closed));
    const events: MarketEvent[] = [
      { kind: 'status', time: T0, status: 'connected', detail: '' },
      ...closedEvents(candles.slice(0, 2)),
      { kind: 'candle', candle: candles[2], closed: false },
      { kind: 'status', time: T0 + 2 * HOUR + 1, status: 'stale', detail: 'quiet' },
    ];
    const summary = await new Engine(manager, clock).run(new ArrayFeed(events, SERIES));
    expect(feedEvents).toEqual([`connected@${T0}`, `stale@${T0 + 2 * HOUR + 1}`]);
    expect(clock.now(), 'the last status moved the clock').toBe(T0 + 2 * HOUR + 1);
    expect(seen.length, 'strategies never see an in-progress candle').toBe(2);
    expect(partial, 'dashboards do').toEqual([false, false, true]);
    expect([summary.events, summary.candles], 'all events counted, only closed candles as candles').toEqual([5, 2]);
  });

  it('rejects a feed that goes back in time (the clock refuses)', async () => {
    const events = closedEvents([candles[1], candles[0]]);
    await expect(new Engine(managerWithProbe([]), new BacktestClock()).run(new ArrayFeed(events, SERIES))).rejects.toThrow(/backwards/);
  });

  it('stop() ends the run after the event being processed', async () => {
    const seen: number[] = [];
    const manager = managerWithProbe(seen);
    const engine = new Engine(manager, new BacktestClock());
    manager.events.on('candle', (c) => c.candle.openTime === candles[1].openTime && engine.stop());
    const summary = await engine.run(new ArrayFeed(closedEvents(candles), SERIES));
    expect(seen.length, 'candle 1 was finished, nothing after it').toBe(2);
    expect(summary.candles).toBe(2);
  });

  it('a summary of an empty feed has no times', async () => {
    expect(await new Engine(new StrategyManager(), new BacktestClock()).run(new ArrayFeed([], SERIES))).toEqual({ events: 0, candles: 0, firstTime: null, lastTime: null });
  });
});
