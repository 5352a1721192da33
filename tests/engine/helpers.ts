/** Shared fixtures for the engine tests: candle builders, seeded walks, a chunking feed, event capture and hashing. */
import { createHash } from 'node:crypto';
import type { EngineEventMap, EngineEventName, EngineEvents } from '../../engine/events.ts';
import type { Feed } from '../../engine/feed.ts';
import type { Candle, MarketEvent, SeriesKey } from '../../engine/types.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** 2024-01-01T00:00:00Z, a Monday. */
export const T0 = 1_704_067_200_000;

/** A candle with explicit OHLCV; `closeTime` derives from the timeframe length `ms`. */
export function bar(symbol: string, timeframe: string, ms: number, openTime: number, o: number, h: number, l: number, c: number, v = 1): Candle {
  return { symbol, timeframe, openTime, closeTime: openTime + ms, open: o, high: h, low: l, close: c, volume: v };
}

/** Bars of one series from `[open, high, low, close]` rows, back to back from `start`. */
export function bars(symbol: string, timeframe: string, ms: number, start: number, rows: readonly (readonly [number, number, number, number])[]): Candle[] {
  return rows.map(([o, h, l, c], i) => bar(symbol, timeframe, ms, start + i * ms, o, h, l, c, 1));
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random walk of `n` 1m candles (prices rounded to cents, so every value is exact in JSON). */
export function randomWalk(symbol: string, n: number, seed: number, startPrice: number, start = T0, timeframe = '1m', ms = MINUTE): Candle[] {
  const rnd = mulberry32(seed);
  const out: Candle[] = [];
  let price = startPrice;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(0.01, Math.round(open * (1 + (rnd() - 0.5) * 0.006) * 100) / 100);
    const high = Math.round(Math.max(open, close) * (1 + rnd() * 0.002) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - rnd() * 0.002) * 100) / 100;
    out.push(bar(symbol, timeframe, ms, start + i * ms, open, high, low, close, Math.round(rnd() * 1000) / 10));
    price = close;
  }
  return out;
}

/** Merges series into one closed-candle event stream ordered by (closeTime, then the order of `series`). */
export function mergeEvents(...series: readonly Candle[][]): MarketEvent[] {
  const all = series.flatMap((s, k) => s.map((candle) => ({ candle, k })));
  all.sort((a, b) => a.candle.closeTime - b.candle.closeTime || a.k - b.k);
  return all.map(({ candle }) => ({ kind: 'candle', candle, closed: true }) as const);
}

export function closedEvents(candles: readonly Candle[]): MarketEvent[] {
  return candles.map((candle) => ({ kind: 'candle', candle, closed: true }) as const);
}

/** A feed that yields its events in batches of `chunk`, giving the event loop a full turn between batches (as a network feed would). */
export class ChunkedFeed implements Feed {
  constructor(
    private readonly events: readonly MarketEvent[],
    readonly series: readonly SeriesKey[],
    private readonly chunk: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    for (let i = 0; i < this.events.length; i += this.chunk) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (const e of this.events.slice(i, i + this.chunk)) yield e;
    }
  }
}

/** Records every payload of the named events, in emission order, tagged with the event name. */
export function record<K extends EngineEventName>(events: EngineEvents, names: readonly K[]): { name: K; payload: EngineEventMap[K] }[] {
  const log: { name: K; payload: EngineEventMap[K] }[] = [];
  for (const name of names) events.on(name, (payload) => log.push({ name, payload }));
  return log;
}

export function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Paths of every number in `value` that is NaN or ±Infinity (empty when all are finite). */
export function nonFinitePaths(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => nonFinitePaths(v, `${path}.${k}`));
}
