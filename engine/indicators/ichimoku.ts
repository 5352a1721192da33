import { crossPair, defineIndicator } from './descriptor.ts';
import { Extremum } from './kit/extremum.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface IchimokuResult {
  readonly tenkan: number;
  readonly kijun: number;
  readonly senkou_a: number;
  readonly senkou_b: number;
}

type HL = Pick<Bar, 'high' | 'low'>;

/** (Highest high + lowest low) / 2 over a window: the Ichimoku "midpoint" line. */
class Midline {
  readonly hi: Extremum;
  readonly lo: Extremum;
  constructor(n: number) {
    this.hi = new Extremum(n, 'max');
    this.lo = new Extremum(n, 'min');
  }
  push(bar: HL, i: number): number {
    this.hi.push(bar.high, i);
    this.lo.push(bar.low, i);
    return (this.hi.value + this.lo.value) / 2;
  }
}

/**
 * Ichimoku Kinko Hyo (Goichi Hosoda, 1969), lines as every charting package computes them:
 * tenkan = midpoint of the last tenkanPeriod (9) bars, kijun = midpoint of kijunPeriod (26), senkou_a =
 * (tenkan + kijun) / 2, senkou_b = midpoint of senkouPeriod (52). Values are those computed on the current
 * bar; charts draw the senkou spans kijunPeriod bars ahead (the cloud over the current bar is the spans of
 * kijunPeriod bars ago) and the lagging chikou span is the close drawn back, which no causal rule can read,
 * so it is not an output. First output when the longest window is full. Result object reused.
 */
export class IchimokuIndicator extends BarIndicator<IchimokuResult, HL> {
  readonly warmup: number;
  private readonly tenkan: Midline;
  private readonly kijun: Midline;
  private readonly senkou: Midline;
  private readonly result = { tenkan: Number.NaN, kijun: Number.NaN, senkou_a: Number.NaN, senkou_b: Number.NaN };

  constructor(params: { readonly tenkanPeriod: number; readonly kijunPeriod: number; readonly senkouPeriod: number }) {
    super();
    const t = requirePeriod('tenkanPeriod', params.tenkanPeriod);
    const k = requirePeriod('kijunPeriod', params.kijunPeriod);
    const s = requirePeriod('senkouPeriod', params.senkouPeriod);
    this.tenkan = new Midline(t);
    this.kijun = new Midline(k);
    this.senkou = new Midline(s);
    for (const m of [this.tenkan, this.kijun, this.senkou]) {
      this.own(m.hi);
      this.own(m.lo);
    }
    this.warmup = Math.max(t, k, s);
  }

  protected step(bar: HL, i: number): IchimokuResult | null {
    const t = this.tenkan.push(bar, i);
    const k = this.kijun.push(bar, i);
    const s = this.senkou.push(bar, i);
    if (i < this.warmup - 1) return null;
    const r = this.result;
    r.tenkan = t;
    r.kijun = k;
    r.senkou_a = (t + k) / 2;
    r.senkou_b = s;
    return r;
  }
}

export const ichimokuDescriptor = defineIndicator({
  type: 'ichimoku',
  title: 'Ichimoku Kinko Hyo',
  reference: 'Goichi Hosoda (1969): midpoints of 9, 26 and 52 bars',
  params: { tenkanPeriod: period(9, 1), kijunPeriod: period(26, 1), senkouPeriod: period(52, 1) },
  fields: ['tenkan', 'kijun', 'senkou_a', 'senkou_b'],
  scale: 'price',
  lookback: (c) => Math.max(c.tenkanPeriod, c.kijunPeriod, c.senkouPeriod) - 1,
  create: (c) => new IchimokuIndicator(c),
  // The tenkan/kijun cross ("TK cross").
  events: (name) => crossPair(name, `${name}.tenkan`, `${name}.kijun`),
});
