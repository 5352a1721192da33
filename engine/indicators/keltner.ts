import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Ema } from './kit/averages.ts';
import { period, real, source } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { trueRange } from './kit/true-range.ts';
import { sourcePicker, type SourcePicker } from './source.ts';
import { requirePeriod } from './validate.ts';

export interface KeltnerResult {
  readonly middle: number;
  readonly upper: number;
  readonly lower: number;
}

/**
 * Keltner Channels in Linda Raschke's modern form (as StockCharts' "Keltner Channels" and TradingView's KC
 * with "use exponential MA" and ATR bands): middle = EMA(source, timePeriod), bands = middle ± multiplier *
 * ATR(atrPeriod), the EMA seeded with an SMA and the ATR Wilder-smoothed exactly as TA-Lib's EMA and ATR.
 * Lookback max(timePeriod - 1, atrPeriod). Result object reused.
 */
export class KeltnerIndicator extends BarIndicator<KeltnerResult> {
  readonly warmup: number;
  readonly multiplier: number;
  private readonly atrPeriod: number;
  private readonly pick: SourcePicker;
  private readonly ema: Ema;
  private readonly prevClose = this.cell();
  private readonly atr = this.cell(0);
  private readonly result = { middle: Number.NaN, upper: Number.NaN, lower: Number.NaN };

  constructor(params: { readonly timePeriod: number; readonly atrPeriod: number; readonly multiplier: number; readonly source?: PriceSource }) {
    super();
    const n = requirePeriod('timePeriod', params.timePeriod);
    this.atrPeriod = requirePeriod('atrPeriod', params.atrPeriod);
    if (!Number.isFinite(params.multiplier) || params.multiplier <= 0) throw new Error(`multiplier must be a finite number > 0; got ${params.multiplier}`);
    this.multiplier = params.multiplier;
    this.pick = sourcePicker(params.source ?? 'close');
    this.ema = this.own(new Ema(n));
    this.warmup = Math.max(n, this.atrPeriod + 1);
  }

  protected step(bar: Bar, i: number): KeltnerResult | null {
    const mid = this.ema.push(this.pick(bar as never));
    const p = this.atrPeriod;
    if (i > 0) {
      const tr = trueRange(bar.high, bar.low, this.prevClose.v);
      if (i < p) this.atr.v += tr;
      else if (i === p) this.atr.v = (this.atr.v + tr) / p;
      else this.atr.v = (this.atr.v * (p - 1) + tr) / p;
    }
    this.prevClose.v = bar.close;
    if (Number.isNaN(mid) || i < p) return null;
    const r = this.result;
    r.middle = mid;
    r.upper = mid + this.multiplier * this.atr.v;
    r.lower = mid - this.multiplier * this.atr.v;
    return r;
  }
}

export const keltnerDescriptor = defineIndicator({
  type: 'keltner',
  title: 'Keltner Channels',
  reference: 'Linda Raschke / StockCharts: EMA(20) ± 2 × ATR(10)',
  params: { timePeriod: period(20, 1), atrPeriod: period(10, 1), multiplier: real(2, 1e-9, 100), source: source() },
  fields: ['middle', 'upper', 'lower'],
  scale: 'price',
  lookback: (c) => Math.max(c.timePeriod - 1, c.atrPeriod),
  create: (c) => new KeltnerIndicator(c),
});
