import { defineIndicator } from './descriptor.ts';
import { period, seriesAlias, source } from './kit/params.ts';
import { PairIndicator, type PairParams } from './kit/pair-indicator.ts';
import { CoMoments } from './kit/co-moments.ts';
import { requirePeriod } from './validate.ts';

/**
 * Pearson's Correlation Coefficient (r) as TA-Lib's ta_CORREL.c: over the last timePeriod bars,
 * r = (Sxy - Sx*Sy/n) / sqrt((Sxx - Sx^2/n) * (Syy - Sy^2/n)), 0 when that product is not positive; lookback
 * timePeriod - 1. TA-Lib sums raw prices (precision lost when prices are large next to their spread) and zeroes
 * products below 1e-8 (every market priced under about 0.01); here the sums are centred on the window means
 * and 0 comes only from a flat window (r is undefined there). Amortised O(1) per update (kit/co-moments.ts).
 */
export class CORRELIndicator extends PairIndicator {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly c: CoMoments;

  constructor(params: PairParams) {
    super(params);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.c = this.own(new CoMoments(this.timePeriod));
  }

  protected pair(x: number, y: number): number | null {
    const c = this.c;
    c.push(x, y);
    if (!c.full || c.flat) return c.full ? 0 : null;
    const t = c.m2x * c.m2y;
    // Deviations of a few ulps can square to 0 (subnormal inputs): no spread to divide by.
    return t > 0 ? c.cxy / Math.sqrt(t) : 0;
  }
}

export const correlDescriptor = defineIndicator({
  type: 'correl',
  title: "Pearson's Correlation Coefficient (r)",
  reference: 'TA-Lib ta_CORREL.c',
  params: { timePeriod: period(30, 1), input0: source('high'), input1: source('low'), input1Series: seriesAlias() },
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
