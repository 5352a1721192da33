/**
 * An unbounded single-consumer queue that is also an async iterator: producers push from callbacks and
 * timers, the engine pulls with `for await`. end() lets the consumer drain what is queued, then finish;
 * fail() makes the next pull throw. Leaving the loop early (break) calls the onReturn hook.
 */
export class AsyncQueue<T> implements AsyncIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiter: ((e: unknown) => void) | null = null;
  private ended = false;
  private error: unknown = null;

  constructor(private readonly onReturn: () => Promise<void> | void = () => {}) {}

  push(item: T): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      this.failWaiter = null;
      w({ value: item, done: false });
    } else this.items.push(item);
  }

  /** Items waiting to be pulled. */
  get size(): number {
    return this.items.length - this.head;
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  fail(err: unknown): void {
    this.error = err;
    this.ended = true;
    const f = this.failWaiter;
    this.waiter = null;
    this.failWaiter = null;
    f?.(err);
  }

  private wake(): void {
    if (this.size === 0 && this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      this.failWaiter = null;
      w({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head++];
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.error !== null) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }

  async return(): Promise<IteratorResult<T>> {
    this.ended = true;
    this.items.length = 0;
    this.head = 0;
    await this.onReturn();
    return { value: undefined, done: true };
  }
}
