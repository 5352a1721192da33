import { describe, expect, it } from 'vitest';
import { DataDistributor, type CandleSubscriber } from './distributor.ts';
import type { Candle } from './types.ts';

function candle(symbol: string, timeframe: string, openTime = 0): Candle {
  return { symbol, timeframe, openTime, closeTime: openTime + 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 };
}

/** A subscriber that appends `id@openTime` to a shared log. */
function recorder(id: string, log: string[], extra?: (c: Candle) => void): CandleSubscriber {
  return {
    id,
    onCandle(c) {
      log.push(`${id}@${c.openTime}`);
      extra?.(c);
    },
  };
}

describe('DataDistributor', () => {
  it('routes a candle only to subscribers of its (symbol, timeframe); others are never called', () => {
    const d = new DataDistributor();
    const log: string[] = [];
    d.subscribeStrategy(recorder('btc15', log), { symbol: 'BTC/USDT', timeframe: '15m' });
    d.subscribeStrategy(recorder('btc1h', log), { symbol: 'BTC/USDT', timeframe: '1h' });
    d.subscribeStrategy(recorder('eth15', log), { symbol: 'ETH/USDT', timeframe: '15m' });
    expect(d.distributeCandle(candle('BTC/USDT', '15m', 1)), 'one subscriber matches').toBe(1);
    expect(d.distributeCandle(candle('ETH/USDT', '15m', 2))).toBe(1);
    expect(d.distributeCandle(candle('ETH/USDT', '1h', 3)), 'nobody subscribes to ETH 1h').toBe(0);
    expect(d.distributeCandle(candle('SOL/USDT', '15m', 4)), 'unknown symbol').toBe(0);
    expect(log, 'same timeframe other symbol, same symbol other timeframe: never delivered').toEqual(['btc15@1', 'eth15@2']);
  });

  it('delivers in subscription order', () => {
    const d = new DataDistributor();
    const log: string[] = [];
    for (const id of ['c', 'a', 'b', 'z']) d.subscribeStrategy(recorder(id, log), { symbol: 'X/Y', timeframe: '1m' });
    d.distributeCandle(candle('X/Y', '1m', 0));
    expect(log, 'order of subscribing, not of ids').toEqual(['c@0', 'a@0', 'b@0', 'z@0']);
    expect(d.subscribers({ symbol: 'X/Y', timeframe: '1m' })).toEqual(['c', 'a', 'b', 'z']);
  });

  it('a subscriber unsubscribing itself mid-delivery does not make the next one miss the candle', () => {
    const d = new DataDistributor();
    const log: string[] = [];
    const series = { symbol: 'X/Y', timeframe: '1m' };
    d.subscribeStrategy(recorder('a', log), series);
    d.subscribeStrategy(recorder('b', log, () => d.unsubscribeStrategy('b')), series);
    d.subscribeStrategy(recorder('c', log), series);
    d.subscribeStrategy(recorder('d', log), series);
    expect(d.distributeCandle(candle('X/Y', '1m', 0)), 'all four received the candle').toBe(4);
    d.distributeCandle(candle('X/Y', '1m', 1));
    expect(log, 'c and d still get candle 0; b is gone from candle 1 on').toEqual(['a@0', 'b@0', 'c@0', 'd@0', 'a@1', 'c@1', 'd@1']);
  });

  it('a subscriber unsubscribed by an earlier one during delivery receives nothing more', () => {
    const d = new DataDistributor();
    const log: string[] = [];
    const series = { symbol: 'X/Y', timeframe: '1m' };
    d.subscribeStrategy(recorder('a', log, () => d.unsubscribeStrategy('c')), series);
    d.subscribeStrategy(recorder('b', log), series);
    d.subscribeStrategy(recorder('c', log), series);
    expect(d.distributeCandle(candle('X/Y', '1m', 0)), 'c was removed before its turn').toBe(2);
    expect(log, 'a stopped strategy sees no candle after it was stopped').toEqual(['a@0', 'b@0']);
  });

  it('a subscriber added during delivery starts with the next candle', () => {
    const d = new DataDistributor();
    const log: string[] = [];
    const series = { symbol: 'X/Y', timeframe: '1m' };
    let added = false;
    d.subscribeStrategy(
      recorder('a', log, () => {
        if (!added) d.subscribeStrategy(recorder('late', log), series);
        added = true;
      }),
      series,
    );
    d.distributeCandle(candle('X/Y', '1m', 0));
    d.distributeCandle(candle('X/Y', '1m', 1));
    expect(log, 'the late subscriber did not see the candle during which it was added').toEqual(['a@0', 'a@1', 'late@1']);
  });

  it('refuses a duplicate id; unsubscribing an unknown id is a no-op; re-subscribing after unsubscribe works', () => {
    const d = new DataDistributor();
    const log: string[] = [];
    d.subscribeStrategy(recorder('a', log), { symbol: 'X/Y', timeframe: '1m' });
    expect(() => d.subscribeStrategy(recorder('a', log), { symbol: 'X/Y', timeframe: '5m' }), 'ids are unique').toThrow(/already subscribed/);
    d.unsubscribeStrategy('nope');
    d.unsubscribeStrategy('a');
    expect(d.subscribedSeries(), 'no subscriber left: no series left').toEqual([]);
    d.subscribeStrategy(recorder('a', log), { symbol: 'X/Y', timeframe: '5m' });
    d.distributeCandle(candle('X/Y', '1m', 0));
    d.distributeCandle(candle('X/Y', '5m', 1));
    expect(log, 'the new subscription is on 5m only').toEqual(['a@1']);
  });

  it('filterForStrategy matches on symbol and timeframe', () => {
    const d = new DataDistributor();
    const f = { symbol: 'BTC/USDT', timeframe: '15m' };
    expect(d.filterForStrategy(candle('BTC/USDT', '15m'), f)).toBe(true);
    expect(d.filterForStrategy(candle('BTC/USDT', '1h'), f), 'other timeframe').toBe(false);
    expect(d.filterForStrategy(candle('ETH/USDT', '15m'), f), 'other symbol').toBe(false);
  });

  it('lists subscribed series in first-subscription order', () => {
    const d = new DataDistributor();
    d.subscribeStrategy(recorder('a', []), { symbol: 'ETH/USDT', timeframe: '5m' });
    d.subscribeStrategy(recorder('b', []), { symbol: 'BTC/USDT', timeframe: '15m' });
    d.subscribeStrategy(recorder('c', []), { symbol: 'ETH/USDT', timeframe: '5m' });
    expect(d.subscribedSeries()).toEqual([
      { symbol: 'ETH/USDT', timeframe: '5m' },
      { symbol: 'BTC/USDT', timeframe: '15m' },
    ]);
  });

  it('is O(matching): with 1,000 subscribers on other series and one matching, one call is made', () => {
    const d = new DataDistributor();
    let otherCalls = 0;
    let matchingCalls = 0;
    for (let i = 0; i < 1000; i++) {
      // Other series: same symbol other timeframe, other symbols same timeframe, and unrelated ones.
      const symbol = i % 3 === 0 ? 'BTC/USDT' : `S${i}/USDT`;
      const timeframe = i % 3 === 0 ? '1h' : '15m';
      d.subscribeStrategy({ id: `other${i}`, onCandle: () => otherCalls++ }, { symbol, timeframe });
    }
    d.subscribeStrategy({ id: 'match', onCandle: () => matchingCalls++ }, { symbol: 'BTC/USDT', timeframe: '15m' });
    let filterCalls = 0;
    const original = d.filterForStrategy.bind(d);
    d.filterForStrategy = (c, f) => (filterCalls++, original(c, f));
    for (let k = 0; k < 100; k++) d.distributeCandle(candle('BTC/USDT', '15m', k));
    expect(matchingCalls, 'the one matching subscriber got all 100 candles').toBe(100);
    expect(otherCalls, 'no other subscriber was ever called').toBe(0);
    expect(filterCalls, 'routing is an index lookup, not a filter over every subscription').toBe(0);
  });
});
