import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { FeedStatus, MarketEvent } from '../../engine/types.ts';
import { HOUR, randomWalk, T0 } from '../engine/helpers.ts';
import { scripted } from '../engine/scripted.ts';

const SERIES = [{ symbol: 'BTC/USDT', timeframe: '1h' }];
const candles = randomWalk('BTC/USDT', 8, 2, 100, T0, '1h', HOUR);
const status = (s: FeedStatus, i: number): MarketEvent => ({ kind: 'status', status: s, detail: s, time: candles[i].closeTime });
const closed = (i: number): MarketEvent => ({ kind: 'candle', candle: candles[i], closed: true });

async function run(events: MarketEvent[]) {
  const plan = { [candles[1].openTime]: 'BUY', [candles[3].openTime]: 'EXIT', [candles[4].openTime]: 'BUY', [candles[6].openTime]: 'EXIT' } as const;
  const manager = new StrategyManager({ modules: new Map([['m', scripted(plan)]]) });
  manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm', execution: { fill: 'close' } });
  const log: string[] = [];
  manager.events.on('signal', (s) => log.push(`signal ${s.action} ${s.time}`));
  manager.events.on('fill', (f) => log.push(`fill ${f.side} ${f.time}`));
  manager.events.on('orderBlocked', (b) => log.push(`blocked ${b.limit} ${b.order.side} ${b.time}`));
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(events, SERIES));
  return { log, manager };
}

describe('feed status blocks new entries (the engine hook for live feeds)', () => {
  it('warmup/stale/reconnecting block entries, connected/recovered lift the block; exits always go through', async () => {
    const { log, manager } = await run([
      status('warmup', 0), closed(0), closed(1), status('connected', 1), closed(2), closed(3),
      status('stale', 3), closed(4), closed(5), status('recovered', 5), closed(6), closed(7),
    ]);
    expect(log, 'the BUY at bar 1 (warm-up) and bar 4 (stale) are signalled but their orders are blocked').toEqual([
      `signal BUY ${candles[1].closeTime}`,
      `blocked feed buy ${candles[1].closeTime}`,
      `signal BUY ${candles[4].closeTime}`,
      `blocked feed buy ${candles[4].closeTime}`,
    ]);
    expect(manager.entriesBlockedBy).toBeNull();
  });

  it('a position opened before the feed went stale can still be closed while stale', async () => {
    const { log } = await run([closed(0), closed(1), closed(2), status('stale', 2), closed(3), closed(4), status('gap', 4), closed(5)]);
    expect(log).toEqual([
      `signal BUY ${candles[1].closeTime}`,
      `fill buy ${candles[1].closeTime}`,
      `signal EXIT ${candles[3].closeTime}`,
      `fill sell ${candles[3].closeTime}`,
      `signal BUY ${candles[4].closeTime}`,
      `blocked feed buy ${candles[4].closeTime}`,
    ]);
  });

  it('with no status events (every backtest) nothing is blocked', async () => {
    const { log } = await run(candles.map((_, i) => closed(i)));
    expect(log.filter((l) => l.startsWith('fill')).length).toBe(4);
  });
});
