import { defineIndicator } from './descriptor.ts';
import { period, source } from './kit/params.ts';
import { PairIndicator, type PairParams } from './kit/pair-indicator.ts';
import { Ring } from './kit/ring.ts';
import { requirePeriod } from './validate.ts';

/**
 * Pearson's Correlation Coefficient (r) as TA-Lib's ta_CORREL.c: over the last timePeriod bars,
 * r = (Sxy - Sx*Sy/n) / sqrt((Sxx - Sx^2/n) * (Syy - Sy^2/n)), 0 when that product is not positive; lookback
 * timePeriod - 1. TA-Lib sums raw prices (precision lost when prices are large next to their spread) and zeroes
 * products below 1e-8 (every market priced under about 0.01); here the sums are taken about a reference value
 * (the window mean, re-taken exactly every lap) and 0 comes only from a flat window (a spread below the
 * rounding noise of those sums).
 */
export class CORRELIndicator extends PairIndicator {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly xs: Ring;
  private readonly ys: Ring;
  private readonly s = new Float64Array(7); // sx, sy, sxx, syy, sxy, refX, refY
  private readonly u = new Float64Array(7);

  constructor(params: PairParams) {
    super(params);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.xs = this.own(new Ring(this.timePeriod));
    this.ys = this.own(new Ring(this.timePeriod));
    this.own({ save: () => this.u.set(this.s), restore: () => this.s.set(this.u), reset: () => (this.s.fill(0), this.u.fill(0)) });
  }

  protected pair(x: number, y: number): number | null {
    const s = this.s;
    if (this.xs.count === 0) {
      s[5] = x;
      s[6] = y;
    }
    const ox = this.xs.push(x);
    const oy = this.ys.push(y);
    this.add(x - s[5], y - s[6], 1);
    if (!Number.isNaN(ox)) this.add(ox - s[5], oy - s[6], -1);
    if (this.xs.wrapped) this.resync();
    if (!this.xs.full) return null;
    const n = this.timePeriod;
    const vx = s[2] - (s[0] * s[0]) / n;
    const vy = s[3] - (s[1] * s[1]) / n;
    // A spread below the rounding noise of the centred sums is a flat window: r is undefined, TA-Lib gives 0.
    if (!(vx > 1e-12 * s[2]) || !(vy > 1e-12 * s[3])) return 0;
    return (s[4] - (s[0] * s[1]) / n) / Math.sqrt(vx * vy);
  }

  private add(dx: number, dy: number, sign: number): void {
    const s = this.s;
    s[0] += sign * dx;
    s[1] += sign * dy;
    s[2] += sign * dx * dx;
    s[3] += sign * dy * dy;
    s[4] += sign * dx * dy;
  }

  private resync(): void {
    const s = this.s;
    const n = this.timePeriod;
    let mx = 0;
    let my = 0;
    for (let a = 0; a < n; a++) {
      mx += this.xs.get(a);
      my += this.ys.get(a);
    }
    s.fill(0);
    s[5] = mx / n;
    s[6] = my / n;
    for (let a = 0; a < n; a++) this.add(this.xs.get(a) - s[5], this.ys.get(a) - s[6], 1);
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
