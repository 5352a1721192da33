import { defineIndicator } from './descriptor.ts';
import { real } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';

export interface SARParams {
  readonly acceleration: number;
  readonly maximum: number;
}

type HL = Pick<Bar, 'high' | 'low'>;

/**
 * Parabolic SAR as TA-Lib's ta_SAR.c. Start rules: the first value is at bar 1; the position is short when bar 1
 * has a positive -DM (low fell more than high rose), else long; a long starts with SAR = bar 0's low and
 * EP = bar 1's high (a short: bar 0's high, bar 1's low). Each bar: on penetration the position flips, SAR
 * becomes the EP clamped into the last two bars' range and AF resets; otherwise AF grows by `acceleration` (up
 * to `maximum`) on a new extreme. The output is the SAR for the current bar (computed the bar before).
 * An acceleration above the maximum is lowered to it, as TA-Lib does.
 */
export class SARIndicator extends BarIndicator<number, HL> {
  readonly acceleration: number;
  readonly maximum: number;
  readonly warmup = 2;
  private readonly isLong = this.cell(0);
  private readonly af = this.cell(0);
  private readonly ep = this.cell(0);
  private readonly sar = this.cell(0);
  private readonly lastHigh = this.cell(0);
  private readonly lastLow = this.cell(0);

  constructor(params: SARParams) {
    super();
    if (!(params.acceleration >= 0) || !(params.maximum >= 0) || !Number.isFinite(params.acceleration) || !Number.isFinite(params.maximum)) {
      throw new Error(`acceleration and maximum must be finite numbers >= 0; got ${params.acceleration}, ${params.maximum}`);
    }
    this.maximum = params.maximum;
    this.acceleration = Math.min(params.acceleration, params.maximum);
  }

  protected step(bar: HL, i: number): number | null {
    const newHigh = bar.high;
    const newLow = bar.low;
    let prevHigh = this.lastHigh.v;
    let prevLow = this.lastLow.v;
    this.lastHigh.v = newHigh;
    this.lastLow.v = newLow;
    if (i === 0) return null;
    if (i === 1) {
      const diffP = newHigh - prevHigh;
      const diffM = prevLow - newLow;
      const long = !(diffM > 0 && diffP < diffM);
      this.isLong.v = long ? 1 : 0;
      this.ep.v = long ? newHigh : newLow;
      this.sar.v = long ? prevLow : prevHigh;
      this.af.v = this.acceleration;
      // TA-Lib compares the first bar with itself.
      prevHigh = newHigh;
      prevLow = newLow;
    }
    let sar = this.sar.v;
    let ep = this.ep.v;
    let af = this.af.v;
    let out: number;
    if (this.isLong.v === 1) {
      if (newLow <= sar) {
        this.isLong.v = 0;
        sar = Math.max(ep, prevHigh, newHigh);
        out = sar;
        af = this.acceleration;
        ep = newLow;
        sar = Math.max(sar + af * (ep - sar), prevHigh, newHigh);
      } else {
        out = sar;
        if (newHigh > ep) {
          ep = newHigh;
          af = Math.min(af + this.acceleration, this.maximum);
        }
        sar = Math.min(sar + af * (ep - sar), prevLow, newLow);
      }
    } else if (newHigh >= sar) {
      this.isLong.v = 1;
      sar = Math.min(ep, prevLow, newLow);
      out = sar;
      af = this.acceleration;
      ep = newHigh;
      sar = Math.min(sar + af * (ep - sar), prevLow, newLow);
    } else {
      out = sar;
      if (newLow < ep) {
        ep = newLow;
        af = Math.min(af + this.acceleration, this.maximum);
      }
      sar = Math.max(sar + af * (ep - sar), prevHigh, newHigh);
    }
    this.sar.v = sar;
    this.ep.v = ep;
    this.af.v = af;
    return out;
  }
}

export const sarDescriptor = defineIndicator({
  type: 'sar',
  title: 'Parabolic SAR',
  reference: 'TA-Lib ta_SAR.c',
  params: { acceleration: real(0.02, 0, 10), maximum: real(0.2, 0, 10) },
  scale: 'price',
  lookback: () => 1,
  create: (c) => new SARIndicator(c),
});
