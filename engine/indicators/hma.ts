import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Wma } from './kit/averages.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * Hull Moving Average (Alan Hull, "How to reduce lag in a moving average", alanhull.com, 2005):
 * HMA(n) = WMA(2 * WMA(x, floor(n/2)) - WMA(x, n), floor(sqrt(n))), with WMA as TA-Lib's (weights 1..p).
 * The same as TradingView's `ta.hma`. Lookback (n - 1) + (floor(sqrt(n)) - 1).
 */
export class HMAIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly half: Wma;
  private readonly full: Wma;
  private readonly smooth: Wma;

  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    if (this.timePeriod < 2) throw new Error(`timePeriod must be at least 2; got ${this.timePeriod}`);
    this.half = this.own(new Wma(Math.floor(this.timePeriod / 2)));
    this.full = this.own(new Wma(this.timePeriod));
    this.smooth = this.own(new Wma(Math.floor(Math.sqrt(this.timePeriod))));
    this.warmup = this.timePeriod + Math.floor(Math.sqrt(this.timePeriod)) - 1;
  }

  protected step(x: number): number | null {
    const h = this.half.push(x);
    const f = this.full.push(x);
    if (Number.isNaN(f)) return null;
    const v = this.smooth.push(2 * h - f);
    return Number.isNaN(v) ? null : v;
  }
}

export const hmaDescriptor = defineIndicator({
  type: 'hma',
  title: 'Hull Moving Average',
  reference: 'Alan Hull (2005), WMA(2*WMA(n/2) - WMA(n), sqrt(n))',
  params: { timePeriod: period(9), source: source() },
  scale: 'price',
  lookback: (c) => c.timePeriod + Math.floor(Math.sqrt(c.timePeriod)) - 2,
  create: (c) => new HMAIndicator(c),
});
