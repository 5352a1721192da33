import { crossPair, defineIndicator } from './descriptor.ts';
import { period, real } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { trueRange } from './kit/true-range.ts';
import { requirePeriod } from './validate.ts';

export interface SuperTrendResult {
  readonly supertrend: number;
  /** +1 uptrend (the line is the lower band, below price), -1 downtrend (the upper band). */
  readonly direction: number;
  readonly upper: number;
  readonly lower: number;
}

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/**
 * SuperTrend (Olivier Seban), as TradingView's `ta.supertrend(multiplier, atrPeriod)` defines it, with TA-Lib's
 * ATR (Wilder, first value at bar atrPeriod) and hl2 = (high + low) / 2:
 * - basic bands hl2 ± multiplier * ATR; the lower band only rises (it keeps its previous value unless the new
 *   one is higher or the previous close fell below it), the upper band only falls (mirror rule);
 * - the first value is a downtrend; then a downtrend turns up when close > upper band, an uptrend turns down
 *   when close < lower band; the line is the lower band in an uptrend, the upper band in a downtrend.
 * TradingView's direction is the opposite sign (-1 = up); here +1 = up. Lookback atrPeriod. Result object reused.
 */
export class SuperTrendIndicator extends BarIndicator<SuperTrendResult, HLC> {
  readonly atrPeriod: number;
  readonly multiplier: number;
  readonly warmup: number;
  private readonly atr = this.cell(0);
  private readonly prevClose = this.cell();
  private readonly upper = this.cell();
  private readonly lower = this.cell();
  private readonly dir = this.cell(0);
  private readonly result = { supertrend: Number.NaN, direction: Number.NaN, upper: Number.NaN, lower: Number.NaN };

  constructor(params: { readonly atrPeriod: number; readonly multiplier: number }) {
    super();
    this.atrPeriod = requirePeriod('atrPeriod', params.atrPeriod);
    if (!Number.isFinite(params.multiplier) || params.multiplier <= 0) throw new Error(`multiplier must be a finite number > 0; got ${params.multiplier}`);
    this.multiplier = params.multiplier;
    this.warmup = this.atrPeriod + 1;
  }

  protected step(bar: HLC, i: number): SuperTrendResult | null {
    const p = this.atrPeriod;
    const prevClose = this.prevClose.v;
    this.prevClose.v = bar.close;
    if (i === 0) return null;
    const tr = trueRange(bar.high, bar.low, prevClose);
    if (i < p) {
      this.atr.v += tr;
      return null;
    }
    this.atr.v = i === p ? (this.atr.v + tr) / p : (this.atr.v * (p - 1) + tr) / p;
    const hl2 = (bar.high + bar.low) / 2;
    let upper = hl2 + this.multiplier * this.atr.v;
    let lower = hl2 - this.multiplier * this.atr.v;
    let dir: number;
    if (i === p) {
      dir = -1;
    } else {
      const pu = this.upper.v;
      const pl = this.lower.v;
      if (!(lower > pl || prevClose < pl)) lower = pl;
      if (!(upper < pu || prevClose > pu)) upper = pu;
      dir = this.dir.v === -1 ? (bar.close > upper ? 1 : -1) : bar.close < lower ? -1 : 1;
    }
    this.upper.v = upper;
    this.lower.v = lower;
    this.dir.v = dir;
    const r = this.result;
    r.upper = upper;
    r.lower = lower;
    r.direction = dir;
    r.supertrend = dir === 1 ? lower : upper;
    return r;
  }
}

export const supertrendDescriptor = defineIndicator({
  type: 'supertrend',
  title: 'SuperTrend',
  reference: 'Olivier Seban; TradingView ta.supertrend (ATR bands on hl2 that only tighten, flip on a close through them)',
  params: { atrPeriod: period(10, 1), multiplier: real(3, 1e-9, 100) },
  fields: ['supertrend', 'direction', 'upper', 'lower'],
  scale: 'price',
  lookback: (c) => c.atrPeriod,
  create: (c) => new SuperTrendIndicator(c),
  // The close crossing the line is the trend flip (the line jumps to the other band on that bar).
  events: (name) => crossPair(name, 'close', `${name}.supertrend`),
});
