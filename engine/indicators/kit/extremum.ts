import type { Part } from './part.ts';

/**
 * Highest (or lowest) of the last `size` inputs in amortised O(1): a monotonic deque of (value, index) in two
 * Float64Arrays. Ties keep the latest index, as TA-Lib's MAX/MIN/AROON scans do (`>=` / `<=`). A push only moves
 * the two ends and writes one slot, so the undo is those three numbers and that slot.
 */
export class Extremum implements Part {
  private readonly cap: number;
  private readonly vals: Float64Array;
  private readonly idxs: Float64Array;
  private front = 0;
  private len = 0;
  private uFront = 0;
  private uLen = 0;
  private wPos = -1; // slot written by the last push, and what it held before
  private wVal = 0;
  private wIdx = 0;
  private readonly sign: number;

  constructor(readonly size: number, kind: 'max' | 'min') {
    this.cap = size + 1;
    this.vals = new Float64Array(this.cap);
    this.idxs = new Float64Array(this.cap);
    this.sign = kind === 'max' ? 1 : -1;
  }

  /** Adds input number `index` (indices increase by one per push). */
  push(x: number, index: number): void {
    const cap = this.cap;
    while (this.len > 0 && this.idxs[this.front] <= index - this.size) {
      this.front = this.front + 1 === cap ? 0 : this.front + 1;
      this.len--;
    }
    const s = this.sign;
    while (this.len > 0) {
      let back = this.front + this.len - 1;
      if (back >= cap) back -= cap;
      if (s * this.vals[back] > s * x) break;
      this.len--;
    }
    let pos = this.front + this.len;
    if (pos >= cap) pos -= cap;
    this.wPos = pos;
    this.wVal = this.vals[pos];
    this.wIdx = this.idxs[pos];
    this.vals[pos] = x;
    this.idxs[pos] = index;
    this.len++;
  }

  /** The extreme value of the window. */
  get value(): number {
    return this.vals[this.front];
  }

  /** Input index of the extreme value (the latest one on ties). */
  get index(): number {
    return this.idxs[this.front];
  }

  save(): void {
    this.uFront = this.front;
    this.uLen = this.len;
    this.wPos = -1;
  }

  restore(): void {
    if (this.wPos >= 0) {
      this.vals[this.wPos] = this.wVal;
      this.idxs[this.wPos] = this.wIdx;
    }
    this.front = this.uFront;
    this.len = this.uLen;
    this.wPos = -1;
  }

  reset(): void {
    this.vals.fill(0);
    this.idxs.fill(0);
    this.front = this.len = this.uFront = this.uLen = 0;
    this.wPos = -1;
  }
}
