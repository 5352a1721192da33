/**
 * Every performance formula in one place. Inputs are the running accumulators kept by MetricsTracker
 * (O(1) per bar). Degenerate cases (no bars, no trades, zero variance, zero losses) give null, never NaN
 * or Infinity.
 *
 * Conventions
 * - Equity is marked to market at each bar's close: cash + position value at close (short: cash − qty·close).
 * - Per-bar return r_t = E_t / E_{t−1} − 1, with E_0 = initial capital.
 * - barsPerYear comes from the market and timeframe or the config (engine/markets/annualisation.ts): 365 days
 *   for 24/7 crypto, 252 sessions for US equities, scaled by bars per day or session.
 * - Span = last bar's close − first bar's open (calendar time). Every annualised figure (Sharpe, Sortino, CAGR,
 *   Calmar, and the benchmark's alpha, information ratio and tracking error) is null when the span is shorter
 *   than MINIMUM_SPAN_DAYS: a few days' figures raised to a year say nothing (10 days at +13% would be a CAGR of
 *   about 10,000%). The per-bar Sharpe is never annualised, so it is always there for rankings.
 * - Sharpe per bar = mean(r) / sd(r), sd the sample standard deviation (n − 1); risk-free rate 0. At a fixed
 *   barsPerYear it orders runs exactly as the annualised Sharpe does.
 * - Sharpe  = Sharpe per bar · √barsPerYear.
 * - Sortino = mean(r) / DD · √barsPerYear, DD = √(Σ min(r,0)² / n) (downside deviation, target 0).
 * - CAGR    = (E_end / E_0)^(1 / years) − 1, years = span / 365.25 days (bars / barsPerYear when the bars carry
 *   no times); null when E_end ≤ 0 or no bars.
 * - Max drawdown = max over t of (peak_t − E_t) / peak_t, peak_t the running maximum (a positive fraction).
 * - Max drawdown duration = the longest run of bars spent below a previous equity peak.
 * - Calmar  = CAGR / max drawdown.
 * - Win rate = winning trades / closed trades (a trade wins when its net P&L, after both fees, is > 0).
 * - Average trade = mean net P&L per closed trade (quote currency).
 * - Profit factor = gross profit / gross loss (absolute), over closed trades.
 * - Expectancy = winRate · mean winning return − lossRate · mean losing |return|, in trade return units
 *   (fraction of entry notional): what one trade is expected to return.
 * - Exposure = bars with an open position / bars.
 */

/** Shortest span, in days, over which figures are annualised. */
export const MINIMUM_SPAN_DAYS = 30;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

export interface MetricsAccumulators {
  initialCapital: number;
  equity: number;
  bars: number;
  barsPerYear: number;
  /** Open of the first bar and close of the last (epoch ms); NaN when the bars carried no times. */
  startTime: number;
  endTime: number;
  /** Welford running mean and sum of squared deviations of per-bar returns. */
  returnCount: number;
  returnMean: number;
  returnM2: number;
  downsideSumSq: number;
  maxDrawdown: number;
  maxDrawdownDuration: number;
  barsInPosition: number;
  trades: number;
  wins: number;
  grossProfit: number;
  grossLoss: number;
  sumPnl: number;
  sumWinReturn: number;
  sumLossReturn: number;
}

/** Turns a possibly non-finite value into null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function totalReturn(a: MetricsAccumulators): number {
  return a.equity / a.initialCapital - 1;
}

/** Calendar days from the first bar's open to the last bar's close; null when the bars carried no times. */
export function spanDays(a: MetricsAccumulators): number | null {
  return Number.isFinite(a.startTime) && Number.isFinite(a.endTime) ? (a.endTime - a.startTime) / DAY_MS : null;
}

/** Why every annualised figure is null for a span of `days` (under the minimum), or null when they are annualised. */
export function spanNullReason(days: number | null): string | null {
  if (days === null || days >= MINIMUM_SPAN_DAYS) return null;
  return `span ${Math.round(days * 10) / 10} days is shorter than the ${MINIMUM_SPAN_DAYS}-day minimum: no annualised figure (Sharpe, Sortino, CAGR, Calmar, alpha, information ratio, tracking error); rank by the per-bar Sharpe`;
}

/** Why every annualised figure is null for these bars (the span is under the minimum), or null when they are annualised. */
export function annualisedNullReason(a: MetricsAccumulators): string | null {
  return spanNullReason(spanDays(a));
}

/** Mean over sample standard deviation of per-bar returns, not annualised: present for any span. */
export function sharpePerBar(a: MetricsAccumulators): number | null {
  if (a.returnCount < 2) return null;
  const variance = a.returnM2 / (a.returnCount - 1);
  if (!(variance > 0)) return null;
  return finiteOrNull(a.returnMean / Math.sqrt(variance));
}

export function sharpeRatio(a: MetricsAccumulators): number | null {
  const perBar = sharpePerBar(a);
  if (perBar === null || annualisedNullReason(a) !== null) return null;
  return finiteOrNull(perBar * Math.sqrt(a.barsPerYear));
}

export function sortinoRatio(a: MetricsAccumulators): number | null {
  if (a.returnCount < 2 || annualisedNullReason(a) !== null) return null;
  const dd = Math.sqrt(a.downsideSumSq / a.returnCount);
  if (!(dd > 0)) return null;
  return finiteOrNull((a.returnMean / dd) * Math.sqrt(a.barsPerYear));
}

export function cagr(a: MetricsAccumulators): number | null {
  if (a.bars === 0 || a.equity <= 0 || annualisedNullReason(a) !== null) return null;
  const days = spanDays(a);
  const years = days === null ? a.bars / a.barsPerYear : (days * DAY_MS) / YEAR_MS;
  return finiteOrNull(Math.pow(a.equity / a.initialCapital, 1 / years) - 1);
}

export function calmarRatio(a: MetricsAccumulators): number | null {
  const g = cagr(a);
  if (g === null || !(a.maxDrawdown > 0)) return null;
  return finiteOrNull(g / a.maxDrawdown);
}

export function winRate(a: MetricsAccumulators): number | null {
  return a.trades === 0 ? null : a.wins / a.trades;
}

export function averageTrade(a: MetricsAccumulators): number | null {
  return a.trades === 0 ? null : a.sumPnl / a.trades;
}

export function profitFactor(a: MetricsAccumulators): number | null {
  if (a.trades === 0 || !(a.grossLoss > 0)) return null;
  return finiteOrNull(a.grossProfit / a.grossLoss);
}

export function expectancy(a: MetricsAccumulators): number | null {
  if (a.trades === 0) return null;
  const losses = a.trades - a.wins;
  const win = a.wins / a.trades;
  const avgWin = a.wins === 0 ? 0 : a.sumWinReturn / a.wins;
  const avgLoss = losses === 0 ? 0 : Math.abs(a.sumLossReturn) / losses;
  return finiteOrNull(win * avgWin - (1 - win) * avgLoss);
}

export function exposure(a: MetricsAccumulators): number | null {
  return a.bars === 0 ? null : a.barsInPosition / a.bars;
}
