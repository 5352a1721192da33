/** Independent batch computations of the non-TA-Lib indicators, straight from their cited definitions. */
import type { Series } from './bars.ts';
import { allEqual, batchVAR, column } from './batch-stats.ts';
import { align, rows, taEMA, taWMA, type Maybe } from './talib-style.ts';

/** VWAP: per UTC day (or ISO week), cumulative sum(price*volume) / sum(volume), the price while no volume traded. */
export function batchVWAP(s: Series, anchor: 'day' | 'week', source: string): Maybe[] {
  const price = column(s, source);
  const out: Maybe[] = [];
  let key = Number.NaN;
  let pv = 0;
  let v = 0;
  for (let i = 0; i < price.length; i++) {
    const dayNumber = Math.floor(s.time[i] / 86_400_000);
    const weekday = (dayNumber + 4) % 7; // 0 = Sunday: 1970-01-01 was a Thursday
    const k = anchor === 'day' ? dayNumber : dayNumber - ((weekday + 6) % 7);
    if (k !== key) {
      key = k;
      pv = v = 0;
    }
    pv += price[i] * s.volume[i];
    v += s.volume[i];
    out.push(v > 0 ? pv / v : price[i]);
  }
  return out;
}

/** HMA = WMA(2*WMA(n/2) - WMA(n), sqrt(n)). */
export function batchHMA(xs: readonly number[], n: number): Maybe[] {
  const half = align(xs.length, taWMA(xs, Math.floor(n / 2)));
  const full = align(xs.length, taWMA(xs, n));
  const diff: number[] = [];
  for (let i = n - 1; i < xs.length; i++) diff.push(2 * (half[i] as number) - (full[i] as number));
  const h = taWMA(diff, Math.floor(Math.sqrt(n)));
  return align(xs.length, { begIdx: n - 1 + h.begIdx, out: h.out });
}

/** Wilder ATR with TA-Lib's start (mean of TR[1..n] at bar n). */
function atr(s: Series, n: number): Maybe[] {
  const out: Maybe[] = [null];
  const tr = (i: number) => Math.max(s.high[i] - s.low[i], Math.abs(s.high[i] - s.close[i - 1]), Math.abs(s.low[i] - s.close[i - 1]));
  let a = 0;
  for (let i = 1; i < s.close.length; i++) {
    if (i < n) {
      out.push(null);
      continue;
    }
    if (i === n) {
      let sum = 0;
      for (let j = 1; j <= n; j++) sum += tr(j);
      a = sum / n;
    } else {
      a = (a * (n - 1) + tr(i)) / n;
    }
    out.push(a);
  }
  return out;
}

/** Keltner: EMA(source, n) ± multiplier * ATR(atrPeriod). */
export function batchKeltner(s: Series, c: { timePeriod: number; atrPeriod: number; multiplier: number; source: string }) {
  const mid = align(s.close.length, taEMA(column(s, c.source), c.timePeriod));
  const a = atr(s, c.atrPeriod);
  return mid.map((m, i) => (m === null || a[i] === null ? null : { middle: m, upper: m + c.multiplier * (a[i] as number), lower: m - c.multiplier * (a[i] as number) }));
}

/** Donchian: max high / min low of the last n bars and their mean. */
export function batchDonchian(s: Series, n: number) {
  return s.close.map((_, i) => {
    if (i < n - 1) return null;
    const upper = Math.max(...s.high.slice(i - n + 1, i + 1));
    const lower = Math.min(...s.low.slice(i - n + 1, i + 1));
    return { upper, middle: (upper + lower) / 2, lower };
  });
}

/** SuperTrend, as TradingView's ta.supertrend pseudo-code (direction sign flipped: +1 = up). */
export function batchSuperTrend(s: Series, atrPeriod: number, multiplier: number) {
  const a = atr(s, atrPeriod);
  const out: ({ supertrend: number; direction: number; upper: number; lower: number } | null)[] = [];
  let prevUpper = 0;
  let prevLower = 0;
  let prevSuper = Number.NaN;
  let started = false;
  for (let i = 0; i < s.close.length; i++) {
    if (a[i] === null) {
      out.push(null);
      continue;
    }
    const src = (s.high[i] + s.low[i]) / 2;
    let upper = src + multiplier * (a[i] as number);
    let lower = src - multiplier * (a[i] as number);
    const closePrev = i > 0 ? s.close[i - 1] : Number.NaN;
    lower = !started || lower > prevLower || closePrev < prevLower ? lower : prevLower;
    upper = !started || upper < prevUpper || closePrev > prevUpper ? upper : prevUpper;
    let tvDirection: number;
    if (!started) tvDirection = 1;
    else if (prevSuper === prevUpper) tvDirection = s.close[i] > upper ? -1 : 1;
    else tvDirection = s.close[i] < lower ? 1 : -1;
    const st = tvDirection === -1 ? lower : upper;
    out.push({ supertrend: st, direction: -tvDirection, upper, lower });
    prevUpper = upper;
    prevLower = lower;
    prevSuper = st;
    started = true;
  }
  return out;
}

/** Ichimoku lines: midpoints (highest high + lowest low) / 2 of 9, 26, 52 bars. */
export function batchIchimoku(s: Series, c: { tenkanPeriod: number; kijunPeriod: number; senkouPeriod: number }) {
  const mid = (i: number, n: number) => (Math.max(...s.high.slice(i - n + 1, i + 1)) + Math.min(...s.low.slice(i - n + 1, i + 1))) / 2;
  const first = Math.max(c.tenkanPeriod, c.kijunPeriod, c.senkouPeriod) - 1;
  const t: number[] = [];
  const k: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = first; i < s.close.length; i++) {
    t.push(mid(i, c.tenkanPeriod));
    k.push(mid(i, c.kijunPeriod));
    a.push((t[t.length - 1] + k[k.length - 1]) / 2);
    b.push(mid(i, c.senkouPeriod));
  }
  return rows(s.close.length, first, { tenkan: t, kijun: k, senkou_a: a, senkou_b: b });
}

/** z-score: (x - mean) / population sd of the window; 0 on a flat window. */
export function batchZScore(xs: readonly number[], n: number): Maybe[] {
  const v = batchVAR(xs, n);
  return xs.map((x, i) => {
    if (v[i] === null) return null;
    if (allEqual(xs, i - n + 1, i)) return 0;
    let mean = 0;
    for (let j = i - n + 1; j <= i; j++) mean += xs[j];
    mean /= n;
    return (x - mean) / Math.sqrt(v[i] as number);
  });
}
