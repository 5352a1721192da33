import type { Part } from './part.ts';

/**
 * The last `size` values in a fixed Float64Array. `push` overwrites one slot, so the undo is that slot plus the
 * head and count: O(1) and allocation-free.
 */
export class Ring implements Part {
  readonly size: number;
  private readonly buf: Float64Array;
  private head = 0; // next slot to write
  count = 0; // values held, saturating at size
  private uHead = 0;
  private uCount = 0;
  private uSlot = 0;

  constructor(size: number) {
    this.size = size;
    this.buf = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** Adds `x`; returns the value that fell out of the window (NaN while filling). */
  push(x: number): number {
    const h = this.head;
    const out = this.count === this.size ? this.buf[h] : Number.NaN;
    this.buf[h] = x;
    this.head = h + 1 === this.size ? 0 : h + 1;
    if (this.count < this.size) this.count++;
    return out;
  }

  /** True right after a push that completed a lap of the ring (time to resync running sums). */
  get wrapped(): boolean {
    return this.head === 0 && this.count === this.size;
  }

  /** The value pushed `age` pushes ago (0 = newest); age < count. */
  get(age: number): number {
    let i = this.head - 1 - age;
    if (i < 0) i += this.size;
    return this.buf[i];
  }

  save(): void {
    this.uHead = this.head;
    this.uCount = this.count;
    this.uSlot = this.buf[this.head];
  }

  restore(): void {
    this.buf[this.uHead] = this.uSlot;
    this.head = this.uHead;
    this.count = this.uCount;
  }

  reset(): void {
    this.buf.fill(0);
    this.head = this.count = this.uHead = this.uCount = this.uSlot = 0;
  }
}
