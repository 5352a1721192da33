/**
 * Every performance formula in one place. Inputs are the running accumulators kept by MetricsTracker
 * (O(1) per bar). Degenerate cases (no bars, no trades, zero variance, zero losses) give null, never NaN
 * or Infinity.
 *
 * Conventions
 * - Equity is marked to market at each bar's close: cash + position value at close (short: cash − qty·close).
 * - Per-bar return r_t = E_t / E_{t−1} − 1, with E_0 = initial capital.
 * - Annualisation uses a 365-day year (24/7 markets): barsPerYear = 365·86400000 / timeframe ms.
 * - Sharpe  = mean(r) / sd(r) · √barsPerYear, sd the sample standard deviation (n − 1); risk-free rate 0.
 * - Sortino = mean(r) / DD · √barsPerYear, DD = √(Σ min(r,0)² / n) (downside deviation, target 0).
 * - CAGR    = (E_end / E_0)^(1 / years) − 1, years = bars / barsPerYear; null when E_end ≤ 0 or no bars.
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

export interface MetricsAccumulators {
  initialCapital: number;
  equity: number;
  bars: number;
  barsPerYear: number;
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

export function sharpeRatio(a: MetricsAccumulators): number | null {
  if (a.returnCount < 2) return null;
  const variance = a.returnM2 / (a.returnCount - 1);
  if (!(variance > 0)) return null;
  return finiteOrNull((a.returnMean / Math.sqrt(variance)) * Math.sqrt(a.barsPerYear));
}

export function sortinoRatio(a: MetricsAccumulators): number | null {
  if (a.returnCount < 2) return null;
  const dd = Math.sqrt(a.downsideSumSq / a.returnCount);
  if (!(dd > 0)) return null;
  return finiteOrNull((a.returnMean / dd) * Math.sqrt(a.barsPerYear));
}

export function cagr(a: MetricsAccumulators): number | null {
  if (a.bars === 0 || a.equity <= 0) return null;
  const years = a.bars / a.barsPerYear;
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
