import type { Part } from './part.ts';
import { Ring } from './ring.ts';

/**
 * Least-squares line through the last `size` inputs, with TA-Lib's parametrisation (ta_LINEARREG.c): x counts
 * back from the newest input (x = 0 newest), SumX = n(n-1)/2, SumXSqr = n(n-1)(2n-1)/6,
 * m = (n*SumXY - SumX*SumY) / (SumX^2 - n*SumXSqr), b = (SumY - m*SumX) / n. m is the slope per bar forward
 * in time and b the line's value at the oldest input. SumY and SumXY run in O(1) (every older x grows by one:
 * SumXY' = SumXY + SumY - n*leaving) and are recomputed exactly every lap of the ring.
 */
export class LinReg implements Part {
  private readonly ring: Ring;
  private sumY = 0;
  private sumXY = 0;
  private uSumY = 0;
  private uSumXY = 0;
  private readonly sumX: number;
  private readonly divisor: number;
  /** Slope and intercept after the last push (NaN until the window is full). */
  m = Number.NaN;
  b = Number.NaN;

  constructor(readonly size: number) {
    this.ring = new Ring(size);
    const n = size;
    this.sumX = (n * (n - 1)) / 2;
    const sumXSqr = (n * (n - 1) * (2 * n - 1)) / 6;
    this.divisor = this.sumX * this.sumX - n * sumXSqr;
  }

  get full(): boolean {
    return this.ring.full;
  }

  push(y: number): void {
    const n = this.size;
    const out = this.ring.push(y);
    if (Number.isNaN(out)) {
      this.sumXY += this.sumY;
      this.sumY += y;
    } else {
      this.sumXY += this.sumY - n * out;
      this.sumY += y - out;
    }
    if (this.ring.wrapped) {
      let sy = 0;
      let sxy = 0;
      for (let a = 0; a < n; a++) {
        const v = this.ring.get(a);
        sy += v;
        sxy += a * v;
      }
      this.sumY = sy;
      this.sumXY = sxy;
    }
    if (!this.ring.full) {
      this.m = this.b = Number.NaN;
      return;
    }
    this.m = n === 1 ? 0 : (n * this.sumXY - this.sumX * this.sumY) / this.divisor;
    this.b = (this.sumY - this.m * this.sumX) / n;
  }

  save(): void {
    this.ring.save();
    this.uSumY = this.sumY;
    this.uSumXY = this.sumXY;
  }

  restore(): void {
    this.ring.restore();
    this.sumY = this.uSumY;
    this.sumXY = this.uSumXY;
  }

  reset(): void {
    this.ring.reset();
    this.sumY = this.sumXY = this.uSumY = this.uSumXY = 0;
    this.m = this.b = Number.NaN;
  }
}
