import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/**
 * A running sum of the last `size` values. The sum is recomputed exactly from the ring every lap (every `size`
 * pushes, amortised O(1)), so add/subtract rounding cannot accumulate over long runs.
 */
export class WindowSum implements Part {
  readonly ring: Ring;
  sum = 0;
  private uSum = 0;

  constructor(readonly size: number) {
    this.ring = new Ring(size);
  }

  get full(): boolean {
    return this.ring.full;
  }

  /** Adds `x`, drops the oldest once full; returns the value that left (NaN while filling). */
  push(x: number): number {
    const out = this.ring.push(x);
    if (this.ring.wrapped) {
      let s = 0;
      for (let a = this.size - 1; a >= 0; a--) s += this.ring.get(a);
      this.sum = s;
    } else {
      this.sum += Number.isNaN(out) ? x : x - out;
    }
    return out;
  }

  save(): void {
    this.ring.save();
    this.uSum = this.sum;
  }

  restore(): void {
    this.ring.restore();
    this.sum = this.uSum;
  }

  reset(): void {
    this.ring.reset();
    this.sum = this.uSum = 0;
  }
}
