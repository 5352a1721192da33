import type { Timeframe } from './types.ts';

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const cache = new Map<string, number>();

/** Length of a timeframe in ms (`15m` -> 900000). Throws on labels it does not know, naming the label. */
export function timeframeMs(tf: Timeframe): number {
  const hit = cache.get(tf);
  if (hit !== undefined) return hit;
  const m = /^(\d+)([smhdw])$/.exec(tf);
  if (!m) throw new Error(`unknown timeframe "${tf}" (expected a number and one of s, m, h, d, w, e.g. 15m)`);
  const n = Number(m[1]);
  if (n <= 0) throw new Error(`timeframe "${tf}" must be positive`);
  const ms = n * UNIT_MS[m[2]];
  cache.set(tf, ms);
  return ms;
}

export function isTimeframe(tf: string): boolean {
  return /^(\d+)([smhdw])$/.test(tf) && Number(tf.slice(0, -1)) > 0;
}

/** Bars in a 365-day year for this timeframe: the annualisation factor for 24/7 markets. */
export function barsPerYear(tf: Timeframe): number {
  return (365 * 86_400_000) / timeframeMs(tf);
}

/**
 * Start of the UTC-aligned bucket of `tf` that contains `time`.
 * Weeks align to Monday 00:00 UTC (epoch day 0 was a Thursday, so shift by 4 days), as exchanges do.
 */
export function bucketStart(time: number, tf: Timeframe): number {
  const ms = timeframeMs(tf);
  if (tf.endsWith('w')) {
    const offset = 4 * 86_400_000;
    return Math.floor((time - offset) / ms) * ms + offset;
  }
  return Math.floor(time / ms) * ms;
}
