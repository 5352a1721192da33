import { defineIndicator } from './descriptor.ts';
import { period, source } from './kit/params.ts';
import { PairIndicator, type PairParams } from './kit/pair-indicator.ts';
import { Ring } from './kit/ring.ts';
import { requirePeriod } from './validate.ts';

/**
 * Beta as TA-Lib's ta_BETA.c: on one-bar returns x of input0 and y of input1 (0 when the earlier price is 0),
 * over the last timePeriod returns, beta = (n*Sxy - Sx*Sy) / (n*Sxx - Sx^2), the slope of y regressed on x;
 * 0 when the denominator is within TA-Lib's TA_IS_ZERO (|d| < 1e-8; returns are scale-free, so the threshold is
 * kept). Lookback timePeriod; O(timePeriod) per update (see below). With multi-series support, input1 is meant to read another symbol (the asset
 * against the market); today both inputs are fields of the strategy's own bars.
 */
export class BETAIndicator extends PairIndicator {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly xs: Ring;
  private readonly ys: Ring;
  private readonly lastX = this.cell();
  private readonly lastY = this.cell();

  constructor(params: PairParams) {
    super(params);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.xs = this.own(new Ring(this.timePeriod));
    this.ys = this.own(new Ring(this.timePeriod));
  }

  protected pair(px: number, py: number, i: number): number | null {
    const lx = this.lastX.v;
    const ly = this.lastY.v;
    this.lastX.v = px;
    this.lastY.v = py;
    if (i === 0) return null;
    this.xs.push(lx !== 0 ? (px - lx) / lx : 0);
    this.ys.push(ly !== 0 ? (py - ly) / ly : 0);
    if (!this.xs.full) return null;
    // The sums are taken over the window each bar (O(timePeriod), oldest first as TA-Lib adds them): running
    // sums would put the 1e-8 zero test on rounding residue and flip it, turning beta from 0 into +-1000.
    const n = this.timePeriod;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let a = n - 1; a >= 0; a--) {
      const x = this.xs.get(a);
      const y = this.ys.get(a);
      sxx += x * x;
      sxy += x * y;
      sx += x;
      sy += y;
    }
    const d = n * sxx - sx * sx;
    return d > -1e-8 && d < 1e-8 ? 0 : (n * sxy - sx * sy) / d;
  }
}

export const betaDescriptor = defineIndicator({
  type: 'beta',
  title: 'Beta',
  reference: 'TA-Lib ta_BETA.c',
  params: { timePeriod: period(5, 1), input0: source('high'), input1: source('low') },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new BETAIndicator(c),
  series: {
    inputs: [
      { param: 'input0', default: 'high', bindable: false },
      { param: 'input1', default: 'low', bindable: true },
    ],
  },
});
