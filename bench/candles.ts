import type { Candle } from '../engine/types.ts';

/** Deterministic Park–Miller generator: the same candles on every machine and every run. */
export function lcg(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * A deterministic random-walk candle series (1m, BTC/USDT by default). Prices wander with ~0.3% bar moves
 * and regime changes, so crossings, stops and take-profits all happen; the same arguments give the same candles.
 */
export function syntheticCandles(count: number, opts: { symbol?: string; timeframe?: string; seed?: number; start?: number } = {}): Candle[] {
  const symbol = opts.symbol ?? 'BTC/USDT';
  const timeframe = opts.timeframe ?? '1m';
  const stepMs = 60_000;
  const rand = lcg(opts.seed ?? 42);
  let t = opts.start ?? Date.UTC(2024, 0, 1);
  let price = 40_000;
  let drift = 0;
  const out: Candle[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (i % 500 === 0) drift = (rand() - 0.5) * 0.0004;
    const open = price;
    const close = open * (1 + drift + (rand() - 0.5) * 0.006);
    const high = Math.max(open, close) * (1 + rand() * 0.002);
    const low = Math.min(open, close) * (1 - rand() * 0.002);
    out[i] = { symbol, timeframe, openTime: t, closeTime: t + stepMs, open, high, low, close, volume: 1 + rand() * 100 };
    price = close;
    t += stepMs;
  }
  return out;
}

/** Close prices of `syntheticCandles` as a typed array (indicator micro-benchmarks). */
export function syntheticCloses(count: number, seed = 42): Float64Array {
  const c = syntheticCandles(count, { seed });
  return Float64Array.from(c, (x) => x.close);
}
