import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayFeed } from '../engine/feed.ts';
import type { Candle, MarketEvent } from '../engine/types.ts';
import { eventTime, MergeHeap, mergeFeeds, mergeSorted } from './merge.ts';

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const x of items) yield x;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('MergeHeap', () => {
  it('pops in (time, priority, seq) order whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }), (keys) => {
        const heap = new MergeHeap(keys.length);
        keys.forEach(([t, p], id) => heap.push(id, t, p, id));
        const popped: number[] = [];
        while (heap.size > 0) popped.push(heap.pop());
        const expected = keys
          .map((k, id) => ({ t: k[0], p: k[1], id }))
          .sort((a, b) => a.t - b.t || a.p - b.p || a.id - b.id)
          .map((x) => x.id);
        expect(popped, 'total order: time, then priority, then sequence').toEqual(expected);
      }),
    );
  });

  it('updateTop re-keys the head and keeps order', () => {
    const heap = new MergeHeap(3);
    heap.push(0, 10, 0, 0);
    heap.push(1, 20, 1, 0);
    heap.push(2, 20, 2, 0);
    expect(heap.peek()).toBe(0);
    heap.updateTop(20, 1);
    expect(heap.peek(), 'equal time: the lower priority wins').toBe(0);
    heap.updateTop(25, 2);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 2, 0, -1]);
    expect(Number.isNaN(heap.peekTime()), 'empty heap has no time').toBe(true);
  });

  it('refuses more ids than its capacity', () => {
    const heap = new MergeHeap(1);
    heap.push(0, 1, 0, 0);
    expect(() => heap.push(0, 1, 0, 1)).toThrow(/full/);
  });
});

describe('mergeSorted', () => {
  it('merges sorted streams stably: ties go to the earlier source', async () => {
    const a = [1, 3, 3, 7].map((t) => ({ t, s: 'a' }));
    const b = [1, 2, 3, 8].map((t) => ({ t, s: 'b' }));
    const out = await collect(mergeSorted([from(a), from(b)], (x) => x.t));
    expect(out.map((x) => `${x.t}${x.s}`)).toEqual(['1a', '1b', '2b', '3a', '3a', '3b', '7a', '8b']);
  });

  it('matches a stable sort of the concatenation for any sorted inputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 15 }), { maxLength: 5 }), async (lists) => {
        const sources = lists.map((l, s) => [...l].sort((x, y) => x - y).map((t, i) => ({ t, s, i })));
        const out = await collect(mergeSorted(sources.map(from), (x) => x.t));
        const expected = sources.flat().sort((x, y) => x.t - y.t || x.s - y.s || x.i - y.i);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('names a source that goes back in time', async () => {
    await expect(collect(mergeSorted([from([1, 2]), from([5, 4])], (x) => x))).rejects.toThrow(/source 1 went back in time/);
  });

  it('closes every source when the consumer stops early', async () => {
    const closed: number[] = [];
    const make = (id: number): AsyncIterable<number> => ({
      [Symbol.asyncIterator]: () => {
        let i = 0;
        return {
          next: async () => ({ done: false, value: i++ }),
          return: async () => {
            closed.push(id);
            return { done: true, value: undefined };
          },
        };
      },
    });
    for await (const x of mergeSorted([make(0), make(1)], (v) => v)) if (x >= 3) break;
    expect(closed.sort(), 'both infinite sources were released').toEqual([0, 1]);
  });
});

describe('mergeFeeds', () => {
  const candle = (symbol: string, openTime: number): MarketEvent => {
    const c: Candle = { symbol, timeframe: '1m', openTime, closeTime: openTime + 60_000, open: 1, high: 1, low: 1, close: 1, volume: 0 };
    return { kind: 'candle', candle: c, closed: true };
  };

  it('orders events by closeTime, then by feed order, and lists all series', async () => {
    const a = new ArrayFeed([candle('A', 0), candle('A', 60_000)], [{ symbol: 'A', timeframe: '1m' }]);
    const b = new ArrayFeed([candle('B', 0), candle('B', 120_000)], [{ symbol: 'B', timeframe: '1m' }]);
    const merged = mergeFeeds([b, a]);
    expect(merged.series.map((s) => s.symbol)).toEqual(['B', 'A']);
    const out = await collect(merged);
    expect(out.map((e) => (e.kind === 'candle' ? `${e.candle.symbol}${eventTime(e)}` : ''))).toEqual(['B60000', 'A60000', 'A120000', 'B180000']);
  });
});
