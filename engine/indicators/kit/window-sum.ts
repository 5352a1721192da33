import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/**
 * A running sum of the last `size` values. Additions are compensated (Neumaier), so a small value is not
 * absorbed by a huge one that later leaves the window (1e10 + 1e-3 - 1e10 = 1e-3, not 0), and the sum is
 * recomputed exactly from the ring every lap (every `size` pushes, amortised O(1)), so rounding cannot
 * accumulate over long runs.
 *
 * With `exactBelow` (for windows of values >= 0), the sum is also recomputed exactly whenever it falls below
 * that fraction of its largest value since the last exact pass: compensation keeps an error of about
 * size x eps^2 x the magnitudes that passed through, which is all there is of a tiny sum left behind by huge
 * values (flows of 1e10, then of 1e-12). Past the threshold the relative error stays under size x eps / exactBelow.
 */
export class WindowSum implements Part {
  readonly ring: Ring;
  private s = 0;
  private c = 0; // lost low-order part of s
  private uS = 0;
  private uC = 0;
  private peak = 0;
  private uPeak = 0;

  constructor(
    readonly size: number,
    private readonly exactBelow = 0,
  ) {
    this.ring = new Ring(size);
  }

  get full(): boolean {
    return this.ring.full;
  }

  /** The window's sum. */
  get sum(): number {
    return this.s + this.c;
  }

  /** Adds `x`, drops the oldest once full; returns the value that left (NaN while filling). */
  push(x: number): number {
    const out = this.ring.push(x);
    if (this.ring.wrapped) {
      this.exact();
    } else {
      this.add(x);
      if (!Number.isNaN(out)) this.add(-out);
      if (this.exactBelow > 0) {
        const sum = this.s + this.c;
        if (sum > this.peak) this.peak = sum;
        else if (sum < this.peak * this.exactBelow) this.exact();
      }
    }
    return out;
  }

  private exact(): void {
    this.s = this.c = 0;
    for (let a = this.ring.count - 1; a >= 0; a--) this.add(this.ring.get(a));
    this.peak = this.s + this.c;
  }

  private add(v: number): void {
    const s = this.s;
    const t = s + v;
    this.c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    this.s = t;
  }

  save(): void {
    this.ring.save();
    this.uS = this.s;
    this.uC = this.c;
    this.uPeak = this.peak;
  }

  restore(): void {
    this.ring.restore();
    this.s = this.uS;
    this.c = this.uC;
    this.peak = this.uPeak;
  }

  reset(): void {
    this.ring.reset();
    this.s = this.c = this.uS = this.uC = this.peak = this.uPeak = 0;
  }
}
