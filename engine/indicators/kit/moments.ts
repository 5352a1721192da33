import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/**
 * Mean and population variance of the last `size` inputs. TA-Lib's VAR keeps running sums of x and x^2
 * (var = E[x^2] - E[x]^2), which loses every digit when the variance is tiny next to the price (a 1e-8 wiggle on
 * a 50,000 price). Here the inputs are centred on a reference value (the first input of the current lap) before
 * summing, and the sums are recomputed exactly every lap, so the same formula keeps its precision.
 */
export class Moments implements Part {
  private readonly ring: Ring;
  private s1 = 0;
  private s2 = 0;
  private ref = 0;
  private readonly u = new Float64Array(3);

  constructor(readonly size: number) {
    this.ring = new Ring(size);
  }

  get full(): boolean {
    return this.ring.full;
  }

  push(x: number): void {
    if (this.ring.count === 0) this.ref = x;
    const out = this.ring.push(x);
    const d = x - this.ref;
    if (Number.isNaN(out)) {
      this.s1 += d;
      this.s2 += d * d;
    } else {
      const o = out - this.ref;
      this.s1 += d - o;
      this.s2 += d * d - o * o;
    }
    if (this.ring.wrapped) this.resync();
  }

  /** Window mean. */
  get mean(): number {
    return this.ref + this.s1 / this.ring.count;
  }

  /**
   * Population variance: never negative, and exactly 0 when it is below the rounding noise of the centred
   * second moment (a flat window), so a z-score never divides by residue.
   */
  get variance(): number {
    const n = this.ring.count;
    const m = this.s1 / n;
    const m2 = this.s2 / n;
    const v = m2 - m * m;
    return v > 1e-12 * m2 ? v : 0;
  }

  private resync(): void {
    const n = this.size;
    let s = 0;
    for (let a = 0; a < n; a++) s += this.ring.get(a);
    this.ref = s / n;
    let s1 = 0;
    let s2 = 0;
    for (let a = 0; a < n; a++) {
      const d = this.ring.get(a) - this.ref;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
  }

  save(): void {
    this.ring.save();
    this.u[0] = this.s1;
    this.u[1] = this.s2;
    this.u[2] = this.ref;
  }
  restore(): void {
    this.ring.restore();
    this.s1 = this.u[0];
    this.s2 = this.u[1];
    this.ref = this.u[2];
  }
  reset(): void {
    this.ring.reset();
    this.s1 = this.s2 = this.ref = 0;
    this.u.fill(0);
  }
}
