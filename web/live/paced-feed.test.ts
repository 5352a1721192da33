import { describe, expect, it } from 'vitest';
import { ArrayFeed } from '../../engine/feed.ts';
import type { Candle, MarketEvent } from '../../engine/types.ts';
import { PacedFeed, partialCandle } from './paced-feed.ts';

const candle = (i: number): Candle => ({ symbol: 'BTC/USDT', timeframe: '1m', openTime: i * 60_000, closeTime: (i + 1) * 60_000, open: 100, high: 110, low: 95, close: 105, volume: 10 });
const feedOf = (n: number) => new ArrayFeed(Array.from({ length: n }, (_, i): MarketEvent => ({ kind: 'candle', candle: candle(i), closed: true })), [{ symbol: 'BTC/USDT', timeframe: '1m' }]);

async function drain(feed: AsyncIterable<MarketEvent>): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  for await (const e of feed) out.push(e);
  return out;
}

describe('PacedFeed', () => {
  it('releases candles at the requested rate, with in-progress candles before each', async () => {
    const t0 = performance.now();
    const events = await drain(new PacedFeed(feedOf(40), { candlesPerSecond: 400, partials: 2 }));
    const ms = performance.now() - t0;
    expect(ms, '40 candles at 400/s take about 100 ms').toBeGreaterThanOrEqual(85);
    expect(ms).toBeLessThan(1000);
    expect(events).toHaveLength(120);
    expect(events.slice(0, 3).map((e) => e.kind === 'candle' && e.closed)).toEqual([false, false, true]);
  });

  it('behind schedule, still hands the event loop a macrotask at least every few ms', async () => {
    const feed = new PacedFeed(feedOf(200_000), { candlesPerSecond: 1_000_000, partials: 2 });
    const gaps: number[] = [];
    let last = performance.now();
    let done = false;
    const tick = () => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const events = await drain(feed);
    done = true;
    expect(events).toHaveLength(600_000);
    expect(feed.yields, 'the replay yielded while behind').toBeGreaterThan(10);
    expect(gaps.length, 'a macrotask ran many times during the replay, not only after it').toBeGreaterThan(10);
    gaps.sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)], 'median gap between macrotask turns, ms (yield every 4 ms; the machine is shared)').toBeLessThan(50);
  });

  it('passes the data through unchanged (times are the data’s, never the wall clock’s)', async () => {
    const events = await drain(new PacedFeed(feedOf(10), { candlesPerSecond: 100_000, partials: 0 }));
    expect(events.map((e) => (e.kind === 'candle' ? e.candle : null))).toEqual(Array.from({ length: 10 }, (_, i) => candle(i)));
  });

  it('stops when aborted, even in the middle of a wait', async () => {
    const abort = new AbortController();
    const feed = new PacedFeed(feedOf(1000), { candlesPerSecond: 10, signal: abort.signal });
    setTimeout(() => abort.abort(), 150);
    const t0 = performance.now();
    const events = await drain(feed);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(events.length).toBeLessThan(10);
  });

  it('partial candles move from open towards the close, inside the final range', () => {
    const c = candle(0);
    const half = partialCandle(c, 0.5);
    expect(half.close).toBe(102.5);
    expect(half.high).toBeLessThanOrEqual(c.high);
    expect(half.low).toBeGreaterThanOrEqual(c.low);
    expect(half.high).toBeGreaterThanOrEqual(Math.max(half.open, half.close));
    expect(partialCandle(c, 1)).toMatchObject({ high: 110, low: 95, close: 105 });
  });
});
