import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/** m2 may fall to this fraction of its largest value since the last exact pass before it is recomputed. */
const CANCELLATION = 1e-4;
/** A deviation within this fraction of the mean carries the mean's rounding as a visible part of itself. */
const ILL_CONDITIONED = 1e-5;

/**
 * Mean and population variance of the last `size` inputs in amortised O(1). The window's mean and sum of
 * squared deviations (m2) are updated as a value enters and the oldest leaves (Welford's update for a
 * sliding window), and recomputed exactly, two-pass and oldest first, in two cases:
 * - once per lap of the ring (every `size` pushes), so rounding cannot accumulate over a long run;
 * - when m2 falls below 1e-4 of its largest value since the last exact pass. The update's rounding is
 *   relative to the deviations that passed through (a 0.03 step leaves residue around 1e-19), so a quiet
 *   window after a loud one would otherwise read that residue as its variance; past the threshold the
 *   error stays under about size x 2.2e-16 x 1e4, 7e-11 relative at size 30;
 * - when the deviation is within 1e-5 of the mean: x - mean then carries the mean's rounding (a few ulps of
 *   the mean) as a visible part of itself (a z-score of such a window), so the window is summed afresh
 *   (O(size) on such bars only).
 * TA-Lib's VAR keeps running sums of x and x^2 instead (var = E[x^2] - E[x]^2), which loses every digit of a
 * small variance next to a large price. A window of equal inputs reads exactly 0.
 */
export class Moments implements Part {
  private readonly ring: Ring;
  private m = 0;
  private m2 = 0;
  private peak = 0;
  /** Consecutive pushes equal to the one before (saturating at size - 1): size - 1 means a flat window. */
  private flat = 0;
  private uM = 0;
  private uM2 = 0;
  private uPeak = 0;
  private uFlat = 0;

  constructor(readonly size: number) {
    this.ring = new Ring(size);
  }

  get full(): boolean {
    return this.ring.full;
  }

  push(x: number): void {
    const ring = this.ring;
    const prev = ring.count > 0 ? ring.get(0) : Number.NaN;
    const out = ring.push(x);
    this.flat = x === prev ? Math.min(this.flat + 1, this.size - 1) : 0;
    if (ring.wrapped) return this.exact();
    if (Number.isNaN(out)) {
      const d = x - this.m;
      this.m += d / ring.count;
      this.m2 += d * (x - this.m);
    } else {
      const old = this.m;
      this.m += (x - out) / this.size;
      this.m2 += (x - out) * (x - this.m + out - old);
    }
    if (this.m2 > this.peak) this.peak = this.m2;
    else if (this.m2 < this.peak * CANCELLATION) return this.exact();
    if (this.m2 > 0 && this.m2 < ring.count * (this.m * ILL_CONDITIONED) ** 2) this.exact();
  }

  /** Two passes over the window, oldest first. */
  private exact(): void {
    const ring = this.ring;
    const n = ring.count;
    let s = 0;
    for (let a = n - 1; a >= 0; a--) s += ring.get(a);
    const mean = s / n;
    let ss = 0;
    for (let a = n - 1; a >= 0; a--) ss += (ring.get(a) - mean) ** 2;
    this.m = mean;
    this.m2 = this.peak = ss;
  }

  /** Window mean. */
  get mean(): number {
    return this.m;
  }

  /** Population variance; exactly 0 for a window of equal inputs. */
  get variance(): number {
    if (this.flat >= this.ring.count - 1) return 0;
    return this.m2 > 0 ? this.m2 / this.ring.count : 0;
  }

  save(): void {
    this.ring.save();
    this.uM = this.m;
    this.uM2 = this.m2;
    this.uPeak = this.peak;
    this.uFlat = this.flat;
  }

  restore(): void {
    this.ring.restore();
    this.m = this.uM;
    this.m2 = this.uM2;
    this.peak = this.uPeak;
    this.flat = this.uFlat;
  }

  reset(): void {
    this.ring.reset();
    this.m = this.m2 = this.peak = this.flat = 0;
    this.uM = this.uM2 = this.uPeak = this.uFlat = 0;
  }
}
