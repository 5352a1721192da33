import type { MetricsAccumulators } from './formulas.ts';
import type { Trade } from '../types.ts';

/**
 * Running performance state of one strategy, O(1) per bar and allocation-free. The formulas that turn
 * it into ratios live in formulas.ts.
 */
export class MetricsTracker implements MetricsAccumulators {
  equity: number;
  bars = 0;
  returnCount = 0;
  returnMean = 0;
  returnM2 = 0;
  downsideSumSq = 0;
  peak: number;
  drawdown = 0;
  maxDrawdown = 0;
  drawdownBars = 0;
  maxDrawdownDuration = 0;
  barsInPosition = 0;
  trades = 0;
  wins = 0;
  grossProfit = 0;
  grossLoss = 0;
  sumPnl = 0;
  sumWinReturn = 0;
  sumLossReturn = 0;
  startTime = Number.NaN;
  endTime = Number.NaN;

  constructor(
    readonly initialCapital: number,
    readonly barsPerYear: number,
    /** How barsPerYear was chosen, in words (engine/markets/annualisation.ts). */
    readonly annualisationBasis = `${barsPerYear} bars a year`,
  ) {
    this.equity = initialCapital;
    this.peak = initialCapital;
  }

  /** Records the marked-to-market equity at a bar's close; the bar's open and close times give the span. */
  onBar(equity: number, inPosition: boolean, openTime = Number.NaN, closeTime = openTime): void {
    if (this.bars === 0) this.startTime = openTime;
    this.endTime = closeTime;
    const r = equity / this.equity - 1;
    this.equity = equity;
    this.bars++;
    if (inPosition) this.barsInPosition++;
    // Welford: numerically stable mean and variance in one pass.
    this.returnCount++;
    const delta = r - this.returnMean;
    this.returnMean += delta / this.returnCount;
    this.returnM2 += delta * (r - this.returnMean);
    if (r < 0) this.downsideSumSq += r * r;
    if (equity >= this.peak) {
      this.peak = equity;
      this.drawdown = 0;
      this.drawdownBars = 0;
    } else {
      this.drawdown = (this.peak - equity) / this.peak;
      if (this.drawdown > this.maxDrawdown) this.maxDrawdown = this.drawdown;
      this.drawdownBars++;
      if (this.drawdownBars > this.maxDrawdownDuration) this.maxDrawdownDuration = this.drawdownBars;
    }
  }

  onTrade(trade: Trade): void {
    this.trades++;
    this.sumPnl += trade.pnl;
    if (trade.pnl > 0) {
      this.wins++;
      this.grossProfit += trade.pnl;
      this.sumWinReturn += trade.return;
    } else {
      this.grossLoss -= trade.pnl;
      this.sumLossReturn += trade.return;
    }
  }
}
