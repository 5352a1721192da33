import { isoTime } from '../iso-time.ts';
import { correlationMatrix, rollingCorrelation, sampleSd, type CorrelationMatrix } from './correlation.ts';
import { mostCorrelatedPairs } from './top-pairs.ts';
import { periodLabel, periodsPerYear, type PeriodUnit } from './periods.ts';
import { rollUp, type EquityRows, type SampledEquity } from './sampler.ts';

/**
 * Portfolio analytics over sampled equity (see sampler.ts).
 *
 * Definitions (E_i strategy i's equity, T = idle cash + Σ_i E_i the portfolio's, both at period ends; the start
 * of the first period is the initial capital):
 * - portfolio return of a period  R = (T_end − T_start) / T_start;
 * - contribution of strategy i    c_i = (E_i,end − E_i,start) / T_start, so Σ_i c_i = R (idle cash earns nothing);
 *   over the whole run the same with the initial capital and the final equity;
 * - a strategy's period return    r_i = E_i,end / E_i,start − 1 (correlation and volatility use these);
 * - diversification ratio         DR = Σ_i w̄_i σ_i / σ_p, σ the sample standard deviations of r_i and R, and
 *   w̄_i = the mean over periods of E_i,start / T_start (the weights that make R = Σ w_i r_i hold exactly).
 *   DR = 1 when everything moves together, larger the more the strategies offset each other; null when σ_p = 0.
 * Correlations are of daily returns, or hourly ones when the run has fewer than 10 days (recorded in `period`).
 */

export interface AttributionPeriod {
  period: string;
  /** ISO time of the period's last sample. */
  end: string;
  portfolioReturn: number;
  contributions: Record<string, number>;
}

export interface CorrelationPair {
  a: string;
  b: string;
  correlation: number;
}

export interface PortfolioAnalytics {
  attribution: {
    total: { portfolioReturn: number; contributions: Record<string, number> };
    day: AttributionPeriod[];
    week: AttributionPeriod[];
    month: AttributionPeriod[];
  };
  correlation: {
    period: PeriodUnit;
    /** Number of period returns the correlations are computed from. */
    periods: number;
    threshold: number;
    ids: string[];
    matrix: CorrelationMatrix;
    /** The FLAGGED_KEPT pairs most correlated above the threshold, highest first (the matrix holds every pair). */
    flagged: CorrelationPair[];
    /** How many pairs are above the threshold in all. */
    flaggedCount: number;
    /**
     * Rolling correlation over `window` periods: every pair with up to 10 strategies, else the ROLLING_PAIRS most
     * correlated flagged pairs (a fleet of variants flags most of its pairs: 95,000 of 500,000 at 1,000 strategies).
     */
    rolling: { window: number; labels: string[]; pairs: { a: string; b: string; values: (number | null)[] }[] };
  };
  /** Annualised volatility of each strategy's period returns. */
  volatility: Record<string, number | null>;
  diversificationRatio: number | null;
}

/** Flagged pairs kept (in memory and for metrics.json's lists); a fleet of variants flags most of its pairs. */
export const FLAGGED_KEPT = 1_000;

/** Rolling correlations computed beyond 10 strategies: as many pairs as 10 strategies have. */
export const ROLLING_PAIRS = 45;

export interface AnalyticsOptions {
  /** Correlation above which a pair is flagged (default 0.7). */
  threshold?: number;
  /** Periods in a rolling-correlation window (default 20). */
  rollingWindow?: number;
}

const sumOf = (x: ArrayLike<number>, idle: number): number => {
  let s = idle;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
};

/** Each strategy's contribution to the portfolio return between two equity vectors (see the file comment). */
export function contributions(start: ArrayLike<number>, end: ArrayLike<number>, idle: number): { portfolioReturn: number; contributions: number[] } {
  const t0 = sumOf(start, idle);
  const t1 = sumOf(end, idle);
  const c: number[] = new Array(start.length);
  for (let i = 0; i < start.length; i++) c[i] = (end[i] - start[i]) / t0;
  return { portfolioReturn: (t1 - t0) / t0, contributions: c };
}

/** Attribution for every period of `rows`. */
export function attributeRows(s: SampledEquity, rows: EquityRows): AttributionPeriod[] {
  const out: AttributionPeriod[] = [];
  let prev: ArrayLike<number> = s.initial;
  for (let k = 0; k < rows.keys.length; k++) {
    const r = contributions(prev, rows.equity[k], s.idle);
    out.push({ period: periodLabel(rows.keys[k], rows.unit), end: isoTime(rows.times[k]), portfolioReturn: r.portfolioReturn, contributions: byId(s.ids, r.contributions) });
    prev = rows.equity[k];
  }
  return out;
}

/** Per-period returns of every strategy (`strategies[i][k]`) and of the portfolio, plus the start weights. */
export function periodReturns(s: SampledEquity, rows: EquityRows): { strategies: Float64Array[]; portfolio: Float64Array; weights: Float64Array[] } {
  const n = s.ids.length;
  const m = rows.keys.length;
  const strategies = Array.from({ length: n }, () => new Float64Array(m));
  const weights = Array.from({ length: n }, () => new Float64Array(m));
  const portfolio = new Float64Array(m);
  let prev: ArrayLike<number> = s.initial;
  for (let k = 0; k < m; k++) {
    const cur = rows.equity[k];
    const t0 = sumOf(prev, s.idle);
    portfolio[k] = (sumOf(cur, s.idle) - t0) / t0;
    for (let i = 0; i < n; i++) {
      strategies[i][k] = prev[i] > 0 ? cur[i] / prev[i] - 1 : Number.NaN;
      weights[i][k] = prev[i] / t0;
    }
    prev = cur;
  }
  return { strategies, portfolio, weights };
}

/** Σ w̄_i σ_i / σ_p (see the file comment). */
export function diversificationRatio(strategies: readonly Float64Array[], portfolio: Float64Array, weights: readonly Float64Array[]): number | null {
  const sp = sampleSd(portfolio);
  if (sp === null || !(sp > 0)) return null;
  let num = 0;
  for (let i = 0; i < strategies.length; i++) {
    const sd = sampleSd(strategies[i]);
    if (sd === null) return null;
    let w = 0;
    for (let k = 0; k < weights[i].length; k++) w += weights[i][k];
    num += (w / weights[i].length) * sd;
  }
  const dr = num / sp;
  return Number.isFinite(dr) ? dr : null;
}

/** Attribution, correlation and diversification of a run's sampled equity. */
export function portfolioAnalytics(s: SampledEquity, opts: AnalyticsOptions = {}): PortfolioAnalytics {
  const threshold = opts.threshold ?? 0.7;
  const window = opts.rollingWindow ?? 20;
  const ids = [...s.ids];
  const final = s.days.equity.length > 0 ? s.days.equity[s.days.equity.length - 1] : s.initial;
  const total = contributions(s.initial, final, s.idle);

  const useHours = s.days.keys.length < 10 && s.hours !== null && s.hours.keys.length > s.days.keys.length;
  const rows = useHours ? s.hours! : s.days;
  const r = periodReturns(s, rows);
  const matrix = correlationMatrix(r.strategies);
  const top = mostCorrelatedPairs(matrix, threshold, FLAGGED_KEPT);
  const flagged: CorrelationPair[] = top.pairs.map((p) => ({ a: ids[p.i], b: ids[p.j], correlation: p.correlation }));
  const pairs: { a: string; b: string; values: (number | null)[] }[] = [];
  const rollingPair = (i: number, j: number) => pairs.push({ a: ids[i], b: ids[j], values: rollingCorrelation(r.strategies[i], r.strategies[j], window) });
  if (ids.length <= 10) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) rollingPair(i, j);
  } else {
    const index = new Map(ids.map((id, i) => [id, i]));
    for (const f of flagged.slice(0, ROLLING_PAIRS)) rollingPair(index.get(f.a)!, index.get(f.b)!);
  }
  const annual = Math.sqrt(periodsPerYear(rows.unit));
  const volatility: Record<string, number | null> = Object.fromEntries(
    ids.map((id, i) => {
      const sd = sampleSd(r.strategies[i]);
      return [id, sd === null ? null : sd * annual];
    }),
  );
  return {
    attribution: {
      total: { portfolioReturn: total.portfolioReturn, contributions: byId(ids, total.contributions) },
      day: attributeRows(s, s.days),
      week: attributeRows(s, rollUp(s.days, 'week')),
      month: attributeRows(s, rollUp(s.days, 'month')),
    },
    correlation: {
      period: rows.unit,
      periods: rows.keys.length,
      threshold,
      ids,
      matrix,
      flagged,
      flaggedCount: top.count,
      rolling: { window, labels: rows.keys.map((k) => periodLabel(k, rows.unit)), pairs },
    },
    volatility,
    diversificationRatio: diversificationRatio(r.strategies, r.portfolio, r.weights),
  };
}

function byId(ids: readonly string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(ids.map((id, i) => [id, values[i]]));
}
