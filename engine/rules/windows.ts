import { Extremum } from '../indicators/kit/extremum.ts';
import { Ring } from '../indicators/kit/ring.ts';
import { WindowSum } from '../indicators/kit/window-sum.ts';

/*
 * The per-bar state behind lookbacks and window functions. Each `next()` is called exactly once per closed bar
 * with the bar's input and returns the function's value for that bar: O(1) amortised, no allocation.
 * A window's value is NaN while fewer than n inputs were seen or while any of its last n inputs is NaN
 * (an indicator still warming up, a division by zero), so a comparison on it is false.
 */

/** x[n]: the input of n bars ago (NaN for the first n bars). */
export class Lag {
  private readonly ring: Ring;
  constructor(bars: number) {
    this.ring = new Ring(bars);
  }
  next(x: number): number {
    return this.ring.push(x);
  }
}

/** Tracks where the last NaN input was, so windows can tell whether their last n inputs are all numbers. */
class NanGuard {
  protected i = 0;
  private lastNaN = -Infinity;
  constructor(protected readonly n: number) {}
  /** Records one input; returns whether it is a number. */
  protected seen(x: number): boolean {
    const ok = x === x;
    if (!ok) this.lastNaN = this.i;
    this.i++;
    return ok;
  }
  /** True when the last n inputs were all numbers. */
  protected get ready(): boolean {
    return this.i - this.lastNaN > this.n && this.i >= this.n;
  }
}

/** highest(x, n) / lowest(x, n) over the last n inputs, by a monotonic deque. */
export class RollingExtremum extends NanGuard {
  private readonly deque: Extremum;
  constructor(n: number, kind: 'max' | 'min') {
    super(n);
    this.deque = new Extremum(n, kind);
  }
  next(x: number): number {
    const index = this.i;
    if (this.seen(x)) this.deque.push(x, index);
    return this.ready ? this.deque.value : NaN;
  }
}

/** sma(x, n): a compensated running sum, recomputed exactly every n inputs (WindowSum). NaN inputs count as 0 there and make the value NaN. */
export class RollingMean extends NanGuard {
  private readonly sum: WindowSum;
  constructor(n: number) {
    super(n);
    this.sum = new WindowSum(n);
  }
  next(x: number): number {
    this.sum.push(this.seen(x) ? x : 0);
    return this.ready ? this.sum.sum / this.n : NaN;
  }
}

/**
 * stdev(x, n): population standard deviation (TA-Lib STDDEV with nbDev 1) from running sums of x - ref and
 * (x - ref)^2. `ref` is a value of the window, re-chosen and both sums recomputed exactly every n inputs, so
 * prices far from 0 lose no digits to cancellation and a flat window reads exactly 0.
 */
export class RollingStdev extends NanGuard {
  private readonly ring: Ring;
  private ref = NaN;
  private s1 = 0;
  private s2 = 0;
  constructor(n: number) {
    super(n);
    this.ring = new Ring(n);
  }
  next(x: number): number {
    if (this.ref !== this.ref) this.ref = x === x ? x : 0;
    // A NaN input is stored as `ref`, which adds nothing to the sums; the value stays NaN while it is in the window.
    const v = this.seen(x) ? x : this.ref;
    const out = this.ring.push(v);
    if (this.ring.wrapped) {
      this.recompute();
    } else {
      const d = v - this.ref;
      this.s1 += d;
      this.s2 += d * d;
      if (out === out) {
        const o = out - this.ref;
        this.s1 -= o;
        this.s2 -= o * o;
      }
    }
    if (!this.ready) return NaN;
    const mean = this.s1 / this.n;
    const variance = this.s2 / this.n - mean * mean;
    return variance > 0 ? Math.sqrt(variance) : 0;
  }
  private recompute(): void {
    const ring = this.ring;
    this.ref = ring.get(0);
    let s1 = 0;
    let s2 = 0;
    for (let age = ring.count - 1; age >= 0; age--) {
      const d = ring.get(age) - this.ref;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
  }
}

/**
 * ema(x, n) as TA-Lib's EMA: k = 2 / (n + 1), the first value is the SMA of the first n inputs, then
 * ema += (x - ema) * k. A NaN input resets it: the next value is seeded again from n fresh inputs.
 */
export class Ema {
  private readonly k: number;
  private count = 0;
  private sum = 0;
  private value = NaN;
  constructor(private readonly n: number) {
    this.k = 2 / (n + 1);
  }
  next(x: number): number {
    if (x !== x) {
      this.count = 0;
      this.sum = 0;
      this.value = NaN;
      return NaN;
    }
    if (this.count < this.n) {
      this.sum += x;
      if (++this.count === this.n) this.value = this.sum / this.n;
      return this.value;
    }
    this.value = (x - this.value) * this.k + this.value;
    return this.value;
  }
}

/** bars_since(condition): 0 on a bar where it holds, +1 per bar after; NaN until it first held. */
export class BarsSince {
  private count = NaN;
  next(held: boolean): number {
    if (held) this.count = 0;
    else if (this.count === this.count) this.count++;
    return this.count;
  }
}

/** rising(x, n) / falling(x, n): the last n bar-to-bar changes were all strictly up (down); NaN breaks the streak. */
export class Streak {
  private prev = NaN;
  private run = 0;
  constructor(private readonly n: number, private readonly up: boolean) {}
  next(x: number): boolean {
    const step = this.up ? x > this.prev : x < this.prev;
    this.run = step ? this.run + 1 : 0;
    this.prev = x;
    return this.run >= this.n;
  }
}
