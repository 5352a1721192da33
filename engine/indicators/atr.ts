import { defineIndicator } from './descriptor.ts';
import { period } from './kit/params.ts';
import type { Candle } from '../types.ts';
import type { BarInput, CandleIndicator } from './indicator.ts';
import { requirePeriod } from './validate.ts';

export interface ATRParams {
  readonly period: number;
}

/**
 * Average True Range, Wilder-smoothed, as TA-Lib's ATR:
 * - TR = max(high - low, |high - prevClose|, |low - prevClose|), defined from the second bar (index 1) on;
 * - the first ATR is the plain mean of the first `period` TRs (bars 1..period), so it comes at bar index
 *   `period` (warmup = period + 1 bars);
 * - then atr = (atr * (period - 1) + TR) / period, in TA-Lib's operation order.
 * Input is a bar {high, low, close}; `updateBar` takes a candle directly.
 */
export class ATRIndicator implements CandleIndicator<BarInput, number> {
  readonly period: number;
  readonly warmup: number;
  private count = 0; // bars seen, saturating at period + 1
  private prevClose = 0;
  private atr = 0; // during warm-up: the running sum of TRs
  private uCount = 0;
  private uPrevClose = 0;
  private uAtr = 0;

  constructor(params: ATRParams) {
    this.period = requirePeriod('period', params.period);
    this.warmup = this.period + 1;
  }

  get value(): number | null {
    return this.count > this.period ? this.atr : null;
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(bar: BarInput): number | null {
    this.uCount = this.count;
    this.uPrevClose = this.prevClose;
    this.uAtr = this.atr;
    return this.apply(bar.high, bar.low, bar.close);
  }

  replace(bar: BarInput): number | null {
    if (this.count === 0) return this.update(bar);
    this.count = this.uCount;
    this.prevClose = this.uPrevClose;
    this.atr = this.uAtr;
    return this.apply(bar.high, bar.low, bar.close);
  }

  updateBar(candle: Candle): number | null {
    return this.update(candle);
  }

  replaceBar(candle: Candle): number | null {
    return this.replace(candle);
  }

  reset(): void {
    this.count = this.prevClose = this.atr = 0;
    this.uCount = this.uPrevClose = this.uAtr = 0;
  }

  private apply(high: number, low: number, close: number): number | null {
    const period = this.period;
    if (this.count === 0) {
      this.count = 1;
      this.prevClose = close;
      return null;
    }
    const pc = this.prevClose;
    let tr = high - low;
    const up = Math.abs(pc - high);
    if (up > tr) tr = up;
    const down = Math.abs(pc - low);
    if (down > tr) tr = down;
    this.prevClose = close;
    if (this.count <= period) {
      this.atr += tr;
      this.count++;
      if (this.count <= period) return null;
      this.atr /= period;
      return this.atr;
    }
    this.atr = (this.atr * (period - 1) + tr) / period;
    return this.atr;
  }
}

export const atrDescriptor = defineIndicator({
  type: 'atr',
  title: 'Average True Range',
  reference: 'TA-Lib ta_ATR.c',
  params: { period: period(14, 1) },
  scale: 'oscillator',
  lookback: (c) => c.period,
  create: (c) => new ATRIndicator(c),
});
