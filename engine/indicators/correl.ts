import { defineIndicator } from './descriptor.ts';
import { period, source } from './kit/params.ts';
import { PairIndicator, type PairParams } from './kit/pair-indicator.ts';
import { Ring } from './kit/ring.ts';
import { requirePeriod } from './validate.ts';

/**
 * Pearson's Correlation Coefficient (r) as TA-Lib's ta_CORREL.c: over the last timePeriod bars,
 * r = (Sxy - Sx*Sy/n) / sqrt((Sxx - Sx^2/n) * (Syy - Sy^2/n)), 0 when that product is not positive; lookback
 * timePeriod - 1. TA-Lib sums raw prices (precision lost when prices are large next to their spread) and zeroes
 * products below 1e-8 (every market priced under about 0.01); here the sums are centred on the window means
 * and 0 comes only from a flat window (r is undefined there).
 */
export class CORRELIndicator extends PairIndicator {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly xs: Ring;
  private readonly ys: Ring;

  constructor(params: PairParams) {
    super(params);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.xs = this.own(new Ring(this.timePeriod));
    this.ys = this.own(new Ring(this.timePeriod));
  }

  protected pair(x: number, y: number): number | null {
    this.xs.push(x);
    this.ys.push(y);
    if (!this.xs.full) return null;
    // Two passes over the window, O(timePeriod): running sums of squares cannot tell a flat window from
    // residue once large and small values have passed through, and r divides by that spread.
    const n = this.timePeriod;
    let mx = 0;
    let my = 0;
    let flatX = true;
    let flatY = true;
    for (let a = n - 1; a >= 0; a--) {
      const vx = this.xs.get(a);
      const vy = this.ys.get(a);
      mx += vx;
      my += vy;
      if (vx !== x) flatX = false;
      if (vy !== y) flatY = false;
    }
    if (flatX || flatY) return 0;
    mx /= n;
    my /= n;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let a = n - 1; a >= 0; a--) {
      const dx = this.xs.get(a) - mx;
      const dy = this.ys.get(a) - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    const t = sxx * syy;
    // Deviations of a few ulps can square to 0 (subnormal inputs): no spread to divide by.
    return t > 0 ? sxy / Math.sqrt(t) : 0;
  }
}

export const correlDescriptor = defineIndicator({
  type: 'correl',
  title: "Pearson's Correlation Coefficient (r)",
  reference: 'TA-Lib ta_CORREL.c',
  params: { timePeriod: period(30, 1), input0: source('high'), input1: source('low') },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new CORRELIndicator(c),
  series: {
    inputs: [
      { param: 'input0', default: 'high', bindable: false },
      { param: 'input1', default: 'low', bindable: true },
    ],
  },
});
