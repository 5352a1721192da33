/** The last `capacity` samples of a measure, for rolling quantiles (linear interpolation, as numpy). O(1) add. */
export class RollingWindow {
  private readonly buf: Float64Array;
  private n = 0;
  private next = 0;

  constructor(readonly capacity = 512) {
    this.buf = new Float64Array(capacity);
  }

  add(x: number): void {
    this.buf[this.next] = x;
    this.next = (this.next + 1) % this.capacity;
    if (this.n < this.capacity) this.n++;
  }

  clear(): void {
    this.n = 0;
    this.next = 0;
  }

  get size(): number {
    return this.n;
  }

  /** Quantiles q (0..1) of the window, or nulls when empty. Sorts a copy: call it per report, not per sample. */
  quantiles(qs: readonly number[]): (number | null)[] {
    if (this.n === 0) return qs.map(() => null);
    const s = this.buf.slice(0, this.n).sort();
    return qs.map((q) => {
      const pos = (this.n - 1) * q;
      const lo = Math.floor(pos);
      const hi = Math.min(this.n - 1, lo + 1);
      return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    });
  }
}
