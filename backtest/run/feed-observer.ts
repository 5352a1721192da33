import { isSyncFeed, type Feed, type SyncFeed } from '../../engine/feed.ts';
import { missingBetween } from '../../engine/markets/bars.ts';
import type { Calendar } from '../../engine/markets/calendar.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { seriesId, type Candle, type MarketEvent, type SeriesKey } from '../../engine/types.ts';

export interface SeriesGaps {
  symbol: string;
  timeframe: string;
  candles: number;
  first: number | null;
  last: number | null;
  /** Missing candles between consecutive ones, and the first few missing ranges [from, to) in open time. */
  missing: number;
  /** Number of separate gaps. */
  gaps: number;
  ranges: { from: number; to: number; missing: number }[];
}

export interface DataSummary {
  candles: number;
  firstTime: number | null;
  lastTime: number | null;
  /** 64-bit FNV-1a over every candle's series, times and OHLCV bits, as hex: equal data gives an equal hash. */
  hash: string;
  series: SeriesGaps[];
}

const KEEP_RANGES = 10;

/**
 * Wraps a feed to fingerprint the data a run consumed and report gaps per series, without changing the
 * events. `onTime(t)` is called once each time the event time moves past `t`, after every event at `t` was
 * processed (the consumer handles an event before asking for the next).
 */
export class FeedObserver implements Feed {
  readonly series: readonly SeriesKey[];
  private readonly stats = new Map<string, SeriesGaps & { tfMs: number; index: number; calendar: Calendar | null }>();
  /** The series of the previous candle, which most candles share: the map is seldom asked. */
  private lastStats: (SeriesGaps & { tfMs: number; index: number; calendar: Calendar | null }) | undefined;
  private readonly f64 = new Float64Array(7);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  // FNV-1a 64 in two 32-bit halves (hi, lo), exact with Math.imul arithmetic.
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;
  candles = 0;
  firstTime: number | null = null;
  lastTime: number | null = null;

  constructor(
    private readonly inner: Feed,
    private readonly hooks: {
      onTime?: (t: number) => void;
      onProgress?: (candles: number, time: number) => void;
      /** The market calendar of a symbol: its weekends, holidays and nights are not gaps (default: 24/7). */
      calendarOf?: (symbol: string) => Calendar;
      /** Every closed candle, as it passes (benchmarks record prices with it). */
      onCandle?: (c: Candle) => void;
    } = {},
  ) {
    this.series = inner.series;
    inner.series.forEach((s, index) => {
      const cal = hooks.calendarOf?.(s.symbol) ?? null;
      const calendar = cal && !cal.alwaysOpen ? cal : null;
      this.stats.set(seriesId(s.symbol, s.timeframe), { symbol: s.symbol, timeframe: s.timeframe, candles: 0, first: null, last: null, missing: 0, gaps: 0, ranges: [], tfMs: timeframeMs(s.timeframe), index, calendar });
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    const pass = this.pass();
    for await (const e of this.inner) {
      pass.see(e);
      yield e;
    }
    pass.end();
  }

  /** The same pass over a feed whose events are in memory, without an await per event (see SyncFeedObserver). */
  protected *syncEvents(inner: Iterable<MarketEvent>): Iterator<MarketEvent> {
    const pass = this.pass();
    for (const e of inner) {
      pass.see(e);
      yield e;
    }
    pass.end();
  }

  /** What one pass over the feed does with each event, and at its end. */
  private pass(): { see(e: MarketEvent): void; end(): void } {
    let current: number | null = null;
    return {
      see: (e) => {
        if (e.kind !== 'candle' || !e.closed) return;
        const c = e.candle;
        const t = c.closeTime;
        if (current !== null && t > current) this.hooks.onTime?.(current);
        current = t;
        this.observe(c.symbol, c.timeframe, c.openTime, c.open, c.high, c.low, c.close, c.volume);
        this.hooks.onCandle?.(c);
        if (this.firstTime === null) this.firstTime = t;
        this.lastTime = t;
        if ((++this.candles & 8191) === 0) this.hooks.onProgress?.(this.candles, t);
      },
      end: () => {
        if (current !== null) this.hooks.onTime?.(current);
        this.hooks.onProgress?.(this.candles, this.lastTime ?? 0);
      },
    };
  }

  private observe(symbol: string, timeframe: string, openTime: number, o: number, h: number, l: number, c: number, v: number): void {
    let s = this.lastStats;
    if (s === undefined || s.symbol !== symbol || s.timeframe !== timeframe) this.lastStats = s = this.stats.get(seriesId(symbol, timeframe));
    if (s) {
      if (s.last !== null && openTime - s.last > s.tfMs) {
        const gap = s.calendar ? missingBetween(s.calendar, s.timeframe, s.last, openTime) : { count: Math.round((openTime - s.last) / s.tfMs) - 1, from: s.last + s.tfMs };
        if (gap.count > 0) {
          s.missing += gap.count;
          s.gaps++;
          if (s.ranges.length < KEEP_RANGES) s.ranges.push({ from: gap.from, to: openTime, missing: gap.count });
        }
      }
      if (s.first === null) s.first = openTime;
      s.last = openTime;
      s.candles++;
    }
    const f = this.f64;
    f[0] = s ? s.index : -1;
    f[1] = openTime;
    f[2] = o;
    f[3] = h;
    f[4] = l;
    f[5] = c;
    f[6] = v;
    const u = this.u32;
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < 14; i++) {
      lo ^= u[i];
      // multiply (hi, lo) by the FNV prime 0x100000001b3 modulo 2^64
      const loMul = lo * 0x1b3;
      const carry = Math.floor(loMul / 0x100000000);
      hi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0;
      lo = loMul >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  summary(): DataSummary {
    return {
      candles: this.candles,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      hash: this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0'),
      series: [...this.stats.values()].map(({ tfMs: _t, index: _i, calendar: _c, ...rest }) => rest),
    };
  }
}

/** A FeedObserver over a feed whose events are in memory: the engine reads it, and so the feed, without awaits. */
export class SyncFeedObserver extends FeedObserver implements SyncFeed {
  constructor(
    private readonly syncInner: SyncFeed,
    hooks: ConstructorParameters<typeof FeedObserver>[1],
  ) {
    super(syncInner, hooks);
  }

  [Symbol.iterator](): Iterator<MarketEvent> {
    return this.syncEvents(this.syncInner);
  }
}

/** The observer of `inner`, synchronous when `inner` is. */
export function observeEvents(inner: Feed, hooks?: ConstructorParameters<typeof FeedObserver>[1]): FeedObserver {
  return isSyncFeed(inner) ? new SyncFeedObserver(inner, hooks) : new FeedObserver(inner, hooks);
}
