import { bucketStart, isTimeframe, timeframeMs } from '../../../engine/timeframe.ts';

/** Per-period returns of several equity curves on one common calendar of periods. */
export interface PeriodReturns {
  /** `bar` or a timeframe label (`1d`, `1w`, `4h`, ...). */
  period: string;
  /** End of each period (epoch ms; for `bar`, the bar close time). */
  end: Float64Array;
  /** Per variant: the return of each period, from the equity at the end of the previous one (the capital for the first). */
  returns: Float64Array[];
  /** Per variant: the equity at the end of each period. */
  equity: Float64Array[];
}

export interface EquityInput {
  time: ArrayLike<number>;
  equity: ArrayLike<number>;
  capital: number;
}

/** Checks a --period value: `bar` or a timeframe label. */
export function isPeriod(p: string): boolean {
  return p === 'bar' || isTimeframe(p);
}

/** Periods per 365-day year, to annualise per-period statistics (for `bar`, from the median spacing of the times). */
export function periodsPerYear(r: PeriodReturns): number {
  if (r.period !== 'bar') return (365 * 86_400_000) / timeframeMs(r.period);
  const gaps: number[] = [];
  for (let i = 1; i < r.end.length; i++) gaps.push(r.end[i] - r.end[i - 1]);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  return median > 0 ? (365 * 86_400_000) / median : 365;
}

/**
 * Samples every curve at the end of each UTC-aligned period (an equity point at a candle close belongs to the
 * period that candle closed in; a close exactly on a boundary ends the period before it) and turns the samples
 * into returns. Every curve is on the same periods: the union of the periods any curve has a point in, with a
 * curve's last equity carried forward through periods where it has none.
 */
export function periodReturns(curves: readonly EquityInput[], period: string): PeriodReturns {
  if (!isPeriod(period)) throw new Error(`period "${period}": expected bar or a timeframe such as 1h, 1d, 1w`);
  const keyOf = period === 'bar' ? (t: number) => t : (t: number) => bucketStart(t - 1, period) + timeframeMs(period);
  const keys = new Set<number>();
  const lasts = curves.map((c) => {
    const m = new Map<number, number>();
    for (let i = 0; i < c.time.length; i++) {
      const k = keyOf(c.time[i]);
      m.set(k, c.equity[i]);
      keys.add(k);
    }
    return m;
  });
  const end = Float64Array.from(keys).sort();
  const returns: Float64Array[] = [];
  const equity: Float64Array[] = [];
  curves.forEach((c, v) => {
    const r = new Float64Array(end.length);
    const e = new Float64Array(end.length);
    let prev = c.capital;
    for (let i = 0; i < end.length; i++) {
      const here = lasts[v].get(end[i]) ?? prev;
      e[i] = here;
      r[i] = prev > 0 ? here / prev - 1 : 0;
      prev = here;
    }
    returns.push(r);
    equity.push(e);
  });
  return { period, end, returns, equity };
}
