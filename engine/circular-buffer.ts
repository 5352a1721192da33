/**
 * Fixed-capacity ring buffer: O(1) push, oldest item evicted when full. Its storage grows with what it holds
 * (an array appended to until `capacity`, then written in place), so an idle strategy with a 500-bar history
 * does not carry 500 empty slots; once full nothing is allocated per push.
 */
export class CircularBuffer<T> {
  private items: (T | undefined)[];
  private head = 0; // index of the next write
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`buffer capacity must be a positive integer, got ${capacity}`);
    this.items = [];
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    // Until full, head === count === items.length: this appends; after, it overwrites the oldest.
    this.items[this.head] = item;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** Replaces the newest item (an in-progress candle being updated). */
  replaceLast(item: T): void {
    if (this.count === 0) return this.push(item);
    const i = this.head === 0 ? this.capacity - 1 : this.head - 1;
    this.items[i] = item;
  }

  /** `ago` = 0 is the newest item, 1 the one before, ...; undefined past the stored history. */
  get(ago: number): T | undefined {
    if (ago < 0 || ago >= this.count) return undefined;
    let i = this.head - 1 - ago;
    if (i < 0) i += this.capacity;
    return this.items[i];
  }

  last(): T | undefined {
    return this.get(0);
  }

  /** Oldest to newest copy (for replays and reports, not the hot path). */
  toArray(): T[] {
    const out: T[] = [];
    for (let ago = this.count - 1; ago >= 0; ago--) out.push(this.get(ago) as T);
    return out;
  }

  /** A buffer of another capacity holding the newest items of this one. */
  resized(capacity: number): CircularBuffer<T> {
    const to = new CircularBuffer<T>(capacity);
    for (const item of this.toArray()) to.push(item);
    return to;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.count = 0;
  }
}
