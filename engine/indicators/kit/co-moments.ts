import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/** A sum of squares may fall to this fraction of its largest value since the last exact pass (see Moments). */
const CANCELLATION = 1e-4;
const ILL_CONDITIONED = 1e-5;

/**
 * Means, sums of squared deviations (m2x, m2y) and the co-deviation sum cxy of the last `size` pairs (x, y),
 * in amortised O(1): updated as a pair enters and the oldest leaves (Welford's sliding-window update), and
 * recomputed exactly, two-pass and oldest first, once per lap of the window and whenever m2x or m2y falls
 * below 1e-4 of its largest value since the last exact pass (the rounding left by loud values that passed
 * through would otherwise stand in for a quiet window's spread; see moments.ts for the bound).
 */
export class CoMoments implements Part {
  private readonly xs: Ring;
  private readonly ys: Ring;
  private readonly s = new Float64Array(10); // mx, my, m2x, m2y, cxy, peakX, peakY, flatX, flatY, unused
  private readonly u = new Float64Array(10);

  constructor(readonly size: number) {
    this.xs = new Ring(size);
    this.ys = new Ring(size);
  }

  get full(): boolean {
    return this.xs.full;
  }

  get count(): number {
    return this.xs.count;
  }

  push(x: number, y: number): void {
    const s = this.s;
    const px = this.xs.count > 0 ? this.xs.get(0) : Number.NaN;
    const py = this.ys.count > 0 ? this.ys.get(0) : Number.NaN;
    const ox = this.xs.push(x);
    const oy = this.ys.push(y);
    s[7] = x === px ? Math.min(s[7] + 1, this.size - 1) : 0;
    s[8] = y === py ? Math.min(s[8] + 1, this.size - 1) : 0;
    if (this.xs.wrapped) return this.exact();
    const mx = s[0];
    const my = s[1];
    if (Number.isNaN(ox)) {
      const n = this.xs.count;
      const dx = x - mx;
      const dy = y - my;
      s[0] = mx + dx / n;
      s[1] = my + dy / n;
      s[2] += dx * (x - s[0]);
      s[3] += dy * (y - s[1]);
      s[4] += dx * (y - s[1]);
    } else {
      const n = this.size;
      s[0] = mx + (x - ox) / n;
      s[1] = my + (y - oy) / n;
      s[2] += (x - ox) * (x - s[0] + ox - mx);
      s[3] += (y - oy) * (y - s[1] + oy - my);
      // cxy: add the new pair's co-deviation, remove the old one's, each against the means they were taken with.
      s[4] += (x - mx) * (y - s[1]) - (ox - mx) * (oy - s[1]);
    }
    if (s[2] > s[5]) s[5] = s[2];
    if (s[3] > s[6]) s[6] = s[3];
    if (s[2] < s[5] * CANCELLATION || s[3] < s[6] * CANCELLATION || this.illConditioned()) this.exact();
  }

  /**
   * A deviation within 1e-5 of its mean: the deviations then carry the means' rounding (a few ulps of the
   * mean) as a visible part of themselves, so the window is summed afresh (O(size) on such bars only).
   */
  private illConditioned(): boolean {
    const s = this.s;
    const n = this.xs.count;
    return s[2] < n * (s[0] * ILL_CONDITIONED) ** 2 || s[3] < n * (s[1] * ILL_CONDITIONED) ** 2;
  }

  /** Recomputes every sum from the window now (two passes, oldest first). */
  private exact(): void {
    const s = this.s;
    const n = this.xs.count;
    let mx = 0;
    let my = 0;
    for (let a = n - 1; a >= 0; a--) {
      mx += this.xs.get(a);
      my += this.ys.get(a);
    }
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
    s[0] = mx;
    s[1] = my;
    s[2] = s[5] = sxx;
    s[3] = s[6] = syy;
    s[4] = sxy;
  }

  /** True when every x (or every y) in the window is the same number. */
  get flat(): boolean {
    const last = this.xs.count - 1;
    return this.s[7] >= last || this.s[8] >= last;
  }

  get m2x(): number {
    return this.s[2];
  }
  get m2y(): number {
    return this.s[3];
  }
  get cxy(): number {
    return this.s[4];
  }

  save(): void {
    this.xs.save();
    this.ys.save();
    this.u.set(this.s);
  }

  restore(): void {
    this.xs.restore();
    this.ys.restore();
    this.s.set(this.u);
  }

  reset(): void {
    this.xs.reset();
    this.ys.reset();
    this.s.fill(0);
    this.u.fill(0);
  }
}
