import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import { allocColumns, type CandleColumns } from './columns.ts';

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). Same seed, same sequence, on every platform. */
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

/** Standard normal variates by Box-Muller from a uniform source, both values of each pair used. */
export function normalSource(uniform: () => number): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

export interface SynthOptions {
  readonly bars: number;
  readonly seed: number;
  readonly timeframe?: Timeframe;
  /** Open time of the first bar, epoch ms (default 2024-01-01T00:00:00Z); aligned down to the timeframe. */
  readonly start?: number;
  readonly startPrice?: number;
  /** Annualised drift and volatility of the geometric Brownian motion (defaults 0 and 0.8). */
  readonly drift?: number;
  readonly volatility?: number;
}

const YEAR_MS = 365 * 86_400_000;
const round = (x: number, scale: number) => Math.round(x * scale) / scale;

/**
 * Seeded geometric Brownian motion candles: each bar opens at the previous close, closes after one GBM
 * step, and reaches a high above and a low below both, so every bar is valid OHLC by construction.
 * Prices are rounded to 1e-6 and volumes to 1e-4 (rounding is monotonic, so validity survives it).
 * Same options, same numbers, bit for bit.
 */
export function synthCandles(opts: SynthOptions): CandleColumns {
  const tf = opts.timeframe ?? '1m';
  const step = timeframeMs(tf);
  const n = Math.max(0, Math.floor(opts.bars));
  const start = Math.floor((opts.start ?? Date.UTC(2024, 0, 1)) / step) * step;
  const vol = opts.volatility ?? 0.8;
  const dt = step / YEAR_MS;
  const sigma = vol * Math.sqrt(dt);
  const mu = ((opts.drift ?? 0) - (vol * vol) / 2) * dt;
  const normal = normalSource(mulberry32(opts.seed));
  const out = allocColumns(n);
  let price = opts.startPrice ?? 100;
  for (let i = 0; i < n; i++) {
    const open = round(price, 1e6);
    price = price * Math.exp(mu + sigma * normal());
    const close = round(price, 1e6);
    const wickUp = Math.exp(Math.abs(normal()) * sigma * 0.5);
    const wickDown = Math.exp(-Math.abs(normal()) * sigma * 0.5);
    out.openTime[i] = start + i * step;
    out.open[i] = open;
    out.close[i] = close;
    out.high[i] = Math.max(round(Math.max(open, close) * wickUp, 1e6), open, close);
    out.low[i] = Math.max(Math.min(round(Math.min(open, close) * wickDown, 1e6), open, close), 1e-6);
    out.volume[i] = round(10 * Math.exp(0.5 * normal()), 1e4);
  }
  return out;
}
