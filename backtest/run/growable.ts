/** An append-only Float64Array that doubles when full: columnar recording without an object per row. */
export class GrowableFloat64 {
  private data: Float64Array;
  length = 0;

  constructor(initial = 1024) {
    this.data = new Float64Array(initial);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** A view of the filled part (no copy). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  /**
   * The filled part in an array of exactly its length with a buffer of its own (copied only when the storage
   * has room to spare), and this array left empty: a fleet's curves stop holding up to twice their size.
   */
  take(): Float64Array {
    const out = this.length === this.data.length ? this.data : this.data.slice(0, this.length);
    this.data = new Float64Array(0);
    this.length = 0;
    return out;
  }
}

/** Candles in growable columns, stamped with one time each (a close or open time, as the owner says). */
export class GrowableCandles {
  readonly time = new GrowableFloat64(4096);
  readonly open = new GrowableFloat64(4096);
  readonly high = new GrowableFloat64(4096);
  readonly low = new GrowableFloat64(4096);
  readonly close = new GrowableFloat64(4096);
  readonly volume = new GrowableFloat64(4096);

  push(time: number, o: number, h: number, l: number, c: number, v: number): void {
    this.time.push(time);
    this.open.push(o);
    this.high.push(h);
    this.low.push(l);
    this.close.push(c);
    this.volume.push(v);
  }

  /** Views of the filled part of each column (no copy). */
  views(): { time: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array } {
    return { time: this.time.view(), open: this.open.view(), high: this.high.view(), low: this.low.view(), close: this.close.view(), volume: this.volume.view() };
  }
}
