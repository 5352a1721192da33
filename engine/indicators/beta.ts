import { defineIndicator } from './descriptor.ts';
import { period, seriesAlias, source } from './kit/params.ts';
import { PairIndicator, type PairParams } from './kit/pair-indicator.ts';
import { CoMoments } from './kit/co-moments.ts';
import { requirePeriod } from './validate.ts';

/**
 * Beta as TA-Lib's ta_BETA.c: on one-bar returns x of input0 and y of input1 (0 when the earlier price is 0),
 * over the last timePeriod returns, beta = (n*Sxy - Sx*Sy) / (n*Sxx - Sx^2), the slope of y regressed on x;
 * 0 when the denominator is within TA-Lib's TA_IS_ZERO (|d| < 1e-8; returns are scale-free, so the threshold is
 * kept). Lookback timePeriod; amortised O(1) per update (kit/co-moments.ts). With `input1Series`, input1 is read
 * from another declared series (the asset against the market: `input1Series: "spy"`), as of each bar's close.
 */
export class BETAIndicator extends PairIndicator {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly c: CoMoments;
  private readonly lastX = this.cell();
  private readonly lastY = this.cell();

  constructor(params: PairParams) {
    super(params);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.c = this.own(new CoMoments(this.timePeriod));
  }

  protected pair(px: number, py: number, i: number): number | null {
    const lx = this.lastX.v;
    const ly = this.lastY.v;
    this.lastX.v = px;
    this.lastY.v = py;
    if (i === 0) return null;
    const c = this.c;
    c.push(lx !== 0 ? (px - lx) / lx : 0, ly !== 0 ? (py - ly) / ly : 0);
    if (!c.full) return null;
    // TA-Lib's denominator n*Sxx - Sx^2 is n * m2x; its zero test (|d| < 1e-8) is kept on that value.
    const n = this.timePeriod;
    const d = n * c.m2x;
    return d > -1e-8 && d < 1e-8 ? 0 : (n * c.cxy) / d;
  }
}

export const betaDescriptor = defineIndicator({
  type: 'beta',
  title: 'Beta',
  reference: 'TA-Lib ta_BETA.c',
  params: { timePeriod: period(5, 1), input0: source('high'), input1: source('low'), input1Series: seriesAlias() },
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
