import { Extremum } from './extremum.ts';
import type { Part } from './part.ts';

/**
 * Fast %K of ta_STOCHF.c / ta_STOCH.c: 100 * (close - lowest low) / (highest high - lowest low) over the last
 * `period` bars, 0 when the range is flat. TA-Lib tests range/100 with TA_IS_ZERO (|v| < 1e-8, absolute); for
 * prices, which may sit far below that (SHIB/BTC), flat means exactly flat (flatBelow 0); STOCHRSI passes 1e-8,
 * TA-Lib's own threshold, since RSI lives on 0..100.
 */
export class FastK implements Part {
  private readonly hi: Extremum;
  private readonly lo: Extremum;
  constructor(readonly period: number, private readonly flatBelow = 0) {
    this.hi = new Extremum(period, 'max');
    this.lo = new Extremum(period, 'min');
  }
  /** Pushes bar `index`; returns %K, or NaN before `period` bars. */
  push(high: number, low: number, close: number, index: number): number {
    this.hi.push(high, index);
    this.lo.push(low, index);
    if (index < this.period - 1) return Number.NaN;
    const lowest = this.lo.value;
    const diff = (this.hi.value - lowest) / 100;
    const flat = this.flatBelow > 0 ? Math.abs(diff) < this.flatBelow : diff === 0;
    return flat ? 0 : (close - lowest) / diff;
  }
  save(): void {
    this.hi.save();
    this.lo.save();
  }
  restore(): void {
    this.hi.restore();
    this.lo.restore();
  }
  reset(): void {
    this.hi.reset();
    this.lo.reset();
  }
}
