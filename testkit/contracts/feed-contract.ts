/**
 * The feed contract (one suite shared by every implementation): every Feed implementation runs this same suite over the same
 * candles. Same events in the same order whatever the chunk size, nothing dropped or duplicated at chunk
 * boundaries, series interleaved in (closeTime, series order) order, [from, to) respected, re-iterable,
 * and readers released when the consumer stops early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../engine/feed.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { Candle, MarketEvent, SeriesKey } from '../../engine/types.ts';

/** Reference data: the candles of each series, sorted by open time, as the feed must deliver them. */
export interface FeedFixture {
  readonly series: readonly SeriesKey[];
  readonly candles: readonly (readonly Candle[])[];
}

export interface FeedRequest {
  /** Indexes into fixture.series, in the order (= priority) the feed must be given them. */
  readonly pick: readonly number[];
  readonly chunkRows: number;
  readonly from?: number;
  readonly to?: number;
}

/** How a feed kind is set up: build fixtures once, then make a feed per request. */
export interface FeedUnderTest {
  readonly fixture: FeedFixture;
  make(req: FeedRequest): Feed;
  cleanup?(): Promise<void> | void;
}

export const CONTRACT_CHUNK_SIZES = [1, 7, 1000, 65_536] as const;

/** Candles of the picked series in the engine's order: closeTime, then position in `pick`. */
export function expectedMerge(fixture: FeedFixture, pick: readonly number[], from = -Infinity, to = Infinity): Candle[] {
  const rows = pick.flatMap((s, priority) =>
    fixture.candles[s].filter((c) => c.openTime >= from && c.openTime < to).map((c) => ({ c, priority })),
  );
  rows.sort((a, b) => a.c.closeTime - b.c.closeTime || a.priority - b.priority || a.c.openTime - b.c.openTime);
  return rows.map((r) => r.c);
}

/** Drains a feed, insisting every event is a closed candle. */
export async function collectCandles(feed: Feed, limit = Infinity): Promise<Candle[]> {
  const out: Candle[] = [];
  for await (const e of feed as AsyncIterable<MarketEvent>) {
    if (e.kind !== 'candle' || !e.closed) throw new Error(`expected closed candles only, got ${JSON.stringify(e)}`);
    out.push(e.candle);
    if (out.length >= limit) break;
  }
  return out;
}

const key = (c: Candle): string =>
  `${c.symbol} ${c.timeframe} ${c.openTime}->${c.closeTime} o=${c.open} h=${c.high} l=${c.low} c=${c.close} v=${c.volume}`;

/** Same candles in the same order, reporting the first difference rather than a 10,000-line diff. */
export function expectSameCandles(actual: readonly Candle[], expected: readonly Candle[], reason: string): void {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (key(actual[i]) !== key(expected[i])) {
      expect(key(actual[i]), `${reason}: first difference at event ${i}`).toBe(key(expected[i]));
    }
  }
  expect(actual.length, `${reason}: event count`).toBe(expected.length);
}

/** Registers the contract suite for one feed kind. */
export function describeFeedContract(kind: string, setup: () => Promise<FeedUnderTest>): void {
  describe(`feed contract: ${kind}`, () => {
    let t: FeedUnderTest;
    let all: number[];

    beforeAll(async () => {
      t = await setup();
      all = t.fixture.series.map((_, i) => i);
      expect(all.length, 'the contract needs at least two series').toBeGreaterThanOrEqual(2);
    });

    afterAll(async () => {
      await t?.cleanup?.();
    });

    it('lists the series it delivers, in the order given', () => {
      const pick = [...all].reverse();
      const feed = t.make({ pick, chunkRows: 7 });
      expect(feed.series, 'series property').toEqual(pick.map((i) => t.fixture.series[i]));
    });

    for (const chunkRows of CONTRACT_CHUNK_SIZES) {
      it(`delivers every candle once, merged in (closeTime, series order), with chunkRows=${chunkRows}`, async () => {
        const got = await collectCandles(t.make({ pick: all, chunkRows }));
        expectSameCandles(got, expectedMerge(t.fixture, all), `chunkRows=${chunkRows}`);
      });
    }

    it('gives each candle closeTime = openTime + timeframe, in non-decreasing event time', async () => {
      const got = await collectCandles(t.make({ pick: all, chunkRows: 1000 }));
      let last = -Infinity;
      for (const c of got) {
        expect(c.closeTime - c.openTime, `${c.symbol} ${c.timeframe} closeTime`).toBe(timeframeMs(c.timeframe));
        expect(c.closeTime, 'event time never goes back').toBeGreaterThanOrEqual(last);
        last = c.closeTime;
      }
    });

    it('breaks ties between series by the order they were given', async () => {
      const reversed = [...all].reverse();
      const got = await collectCandles(t.make({ pick: reversed, chunkRows: 7 }));
      const expected = expectedMerge(t.fixture, reversed);
      expectSameCandles(got, expected, 'reversed series order');
      const ties = expected.filter((c, i) => i > 0 && expected[i - 1].closeTime === c.closeTime).length;
      expect(ties, 'the fixture must have equal close times across series for this to mean anything').toBeGreaterThan(0);
    });

    it('reads one series alone', async () => {
      const got = await collectCandles(t.make({ pick: [1], chunkRows: 7 }));
      expectSameCandles(got, t.fixture.candles[1], 'single series');
    });

    it('respects [from, to) on open time, pushed into every reader', async () => {
      const c0 = t.fixture.candles[0];
      const from = c0[Math.floor(c0.length / 3)].openTime + 1;
      const to = c0[Math.floor((2 * c0.length) / 3)].openTime;
      for (const chunkRows of [7, 65_536]) {
        const got = await collectCandles(t.make({ pick: all, chunkRows, from, to }));
        expectSameCandles(got, expectedMerge(t.fixture, all, from, to), `range [${from}, ${to}) chunkRows=${chunkRows}`);
        expect(got.length, 'the range keeps some and drops some').toBeGreaterThan(0);
      }
      expect(await collectCandles(t.make({ pick: all, chunkRows: 7, from: to, to })), 'empty range').toEqual([]);
      const end = Math.max(...t.fixture.candles.map((c) => c[c.length - 1].openTime));
      expect(await collectCandles(t.make({ pick: all, chunkRows: 7, from: end + 1 })), 'range after the data').toEqual([]);
    });

    it('can be iterated again, and after stopping early', async () => {
      const feed = t.make({ pick: all, chunkRows: 7 });
      const head = await collectCandles(feed, 10);
      expect(head.length, 'stopped after 10').toBe(10);
      const full = await collectCandles(feed);
      expectSameCandles(full, expectedMerge(t.fixture, all), 'second pass after an early stop');
      expectSameCandles(head, full.slice(0, 10), 'the early pass saw the same first candles');
    });

    it('yields independent candle objects (keeping them is safe)', async () => {
      const it = t.make({ pick: all, chunkRows: 1 })[Symbol.asyncIterator]();
      const a = await it.next();
      const b = await it.next();
      await it.return?.();
      expect(a.done || b.done).toBe(false);
      const ca = (a.value as MarketEvent & { kind: 'candle' }).candle;
      const cb = (b.value as MarketEvent & { kind: 'candle' }).candle;
      expect(ca, 'distinct objects').not.toBe(cb);
      expect(key(ca), 'first candle unchanged after reading the second').toBe(key(expectedMerge(t.fixture, all)[0]));
    });
  });
}
