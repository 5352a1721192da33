import { benchmarkStats, type BenchmarkStats } from '../../engine/metrics/benchmark.ts';
import { spanNullReason } from '../../engine/metrics/formulas.ts';
import { upperBound } from '../../data/column-chunk.ts';
import { timeframeMs } from '../../engine/timeframe.ts';

/** The part of an equity curve benchmarks read: bar close times and equity there. */
export interface EquityCurve {
  readonly time: Float64Array;
  readonly equity: Float64Array;
}

/** A price series to measure against: bar close times with their opens and closes, ascending. */
export interface PriceSeries {
  readonly symbol: string;
  readonly closeTime: Float64Array;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly close: Float64Array;
}

/** Where benchmarks find a symbol's prices (the run's PriceRecorder). */
export interface PriceSource {
  series(symbol: string): PriceSeries | null;
}

/** Stats against one benchmark, naming it: `buy and hold ORCL`, `SPY`, `buy and hold of the traded symbols`. */
export interface NamedBenchmark extends BenchmarkStats {
  readonly name: string;
  /** The price bought at the start of the span (the first bar's open), null when the series has none. */
  readonly startPrice: number | null;
}

/** Each strategy's benchmarks: buy-and-hold of its own symbol, and the run's named benchmark when one was given. */
export interface StrategyBenchmarks {
  buyAndHold: NamedBenchmark;
  benchmark: NamedBenchmark | null;
}

/** Index of the last element ≤ x in ascending `a`, or −1. */
function lastAtOrBefore(a: Float64Array, x: number): number {
  return upperBound(a, x) - 1;
}

/**
 * The benchmark's value at each equity time and where it started: the last close at or before each time, and as
 * the start the open of the first bar that opens at or after the span's start (buying when the strategy starts),
 * else the last close before it. Null when the benchmark has no price by the first equity time.
 */
export function pricesAt(p: PriceSeries, times: Float64Array, spanStart: number): { price: Float64Array; start: number } | null {
  if (times.length === 0) return null;
  const price = new Float64Array(times.length);
  // Equity times ascend, so the last close at or before each one is found by walking forward: one pass over
  // both series instead of a binary search per time (a year of 1m bars is 525,600 of them).
  let k = -1;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (i > 0 && t < times[i - 1]) k = lastAtOrBefore(p.closeTime, t);
    else while (k + 1 < p.closeTime.length && p.closeTime[k + 1] <= t) k++;
    if (k < 0) return null;
    price[i] = p.close[k];
  }
  const before = lastAtOrBefore(p.openTime, spanStart - 1);
  const first = before + 1;
  const start = first < p.openTime.length && p.openTime[first] < times[0] ? p.open[first] : before >= 0 ? p.close[before] : Number.NaN;
  return { price, start };
}

/**
 * Stats of an equity curve against a price series over the curve's own times (null stats when they cannot be
 * paired), with the price bought at the start (`startPrice`, null when there is none): the buy-and-hold line of
 * the report is capital · close / startPrice. Under the minimum span the annualised stats are null.
 */
export function measureAgainst(name: string, curve: EquityCurve, capital: number, spanStart: number, p: PriceSeries | null, periodsPerYear: number): NamedBenchmark {
  const at = p ? pricesAt(p, curve.time, spanStart) : null;
  const days = curve.time.length === 0 ? null : (curve.time[curve.time.length - 1] - spanStart) / 86_400_000;
  const annualise = spanNullReason(days) === null;
  const stats = at ? benchmarkStats(curve.equity, capital, at.price, at.start, periodsPerYear, annualise) : benchmarkStats([], capital, [], Number.NaN, periodsPerYear, annualise);
  return { name, ...stats, startPrice: at && at.start > 0 ? at.start : null };
}

/**
 * The buy-and-hold basket of a run: each strategy's capital put into its symbol at its start, valued at the
 * portfolio's times (a strategy's symbol without a price yet counts at its capital).
 */
export function basketSeries(parts: readonly { capital: number; prices: PriceSeries | null; spanStart: number }[], times: Float64Array, idle: number): PriceSeries {
  const close = new Float64Array(times.length).fill(idle);
  let start = idle;
  // Strategies on one symbol that start together share their prices: each pair is looked up once.
  const seen = new Map<PriceSeries, Map<number, ReturnType<typeof pricesAt>>>();
  const pricesOf = (p: PriceSeries, spanStart: number) => {
    const bySpan = seen.get(p) ?? seen.set(p, new Map()).get(p)!;
    if (!bySpan.has(spanStart)) bySpan.set(spanStart, pricesAt(p, times, spanStart));
    return bySpan.get(spanStart)!;
  };
  for (const part of parts) {
    const at = part.prices ? pricesOf(part.prices, part.spanStart) : null;
    start += part.capital;
    if (at && at.start > 0) for (let i = 0; i < times.length; i++) close[i] += (part.capital * at.price[i]) / at.start;
    else for (let i = 0; i < times.length; i++) close[i] += part.capital;
  }
  // The series starts with the basket's cost at −∞, then its value at each time (built without spreading a
  // year of 1m times into an array).
  const closeTime = new Float64Array(times.length + 1);
  closeTime[0] = Number.NEGATIVE_INFINITY;
  closeTime.set(times, 1);
  const value = new Float64Array(times.length + 1);
  value[0] = start;
  value.set(close, 1);
  return { symbol: 'basket', closeTime, openTime: Float64Array.of(Number.NEGATIVE_INFINITY), open: Float64Array.of(start), close: value };
}

/** Benchmarks of every strategy (buy-and-hold of its symbol; the named one) and of the portfolio (the basket; the named one). */
export function runBenchmarks(
  strategies: readonly { id: string; config: { symbol: string; timeframe: string; capital: number }; periodsPerYear: number; equity: EquityCurve | null }[],
  portfolio: { curve: EquityCurve; capital: number; idle: number; step: number; periodsPerYear: number },
  prices: PriceSource,
  named: PriceSeries | null,
): { strategies: (StrategyBenchmarks | null)[]; portfolio: StrategyBenchmarks | null } {
  const parts: { capital: number; prices: PriceSeries | null; spanStart: number }[] = [];
  const out = strategies.map((s) => {
    if (s.equity === null || s.equity.time.length === 0) return null;
    const spanStart = s.equity.time[0] - timeframeMs(s.config.timeframe);
    const own = prices.series(s.config.symbol);
    parts.push({ capital: s.config.capital, prices: own, spanStart });
    return {
      buyAndHold: measureAgainst(`buy and hold ${s.config.symbol}`, s.equity, s.config.capital, spanStart, own, s.periodsPerYear),
      benchmark: named ? measureAgainst(named.symbol, s.equity, s.config.capital, spanStart, named, s.periodsPerYear) : null,
    };
  });
  const c = portfolio.curve;
  if (c.time.length === 0 || parts.length === 0) return { strategies: out, portfolio: null };
  const start = c.time[0] - portfolio.step;
  const basket = basketSeries(parts, c.time, portfolio.idle);
  return {
    strategies: out,
    portfolio: {
      buyAndHold: measureAgainst('buy and hold of the traded symbols', c, portfolio.capital, start, basket, portfolio.periodsPerYear),
      benchmark: named ? measureAgainst(named.symbol, c, portfolio.capital, start, named, portfolio.periodsPerYear) : null,
    },
  };
}
