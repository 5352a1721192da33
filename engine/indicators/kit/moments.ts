import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/**
 * Mean and population variance of the last `size` inputs, two-pass over the window (O(size) per read, oldest
 * first): TA-Lib's VAR keeps running sums of x and x^2 (var = E[x^2] - E[x]^2), which loses every digit of a
 * small variance next to a large price and leaves residue that STDDEV's square root turns into a visible
 * deviation. A flat window reads exactly 0.
 */
export class Moments implements Part {
  private readonly ring: Ring;

  constructor(readonly size: number) {
    this.ring = new Ring(size);
  }

  get full(): boolean {
    return this.ring.full;
  }

  push(x: number): void {
    this.ring.push(x);
  }

  /** Window mean. */
  get mean(): number {
    const n = this.ring.count;
    let s = 0;
    for (let a = n - 1; a >= 0; a--) s += this.ring.get(a);
    return s / n;
  }

  /** Population variance; exactly 0 for a flat window. */
  get variance(): number {
    const n = this.ring.count;
    const first = this.ring.get(n - 1);
    let flat = true;
    let s = 0;
    for (let a = n - 1; a >= 0; a--) {
      const v = this.ring.get(a);
      s += v;
      if (v !== first) flat = false;
    }
    if (flat) return 0;
    const mean = s / n;
    let ss = 0;
    for (let a = n - 1; a >= 0; a--) ss += (this.ring.get(a) - mean) ** 2;
    return ss / n;
  }

  save(): void {
    this.ring.save();
  }
  restore(): void {
    this.ring.restore();
  }
  reset(): void {
    this.ring.reset();
  }
}
