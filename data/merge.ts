import type { Feed } from '../engine/feed.ts';
import type { MarketEvent, SeriesKey } from '../engine/types.ts';

/**
 * The one total order of merged market data: by event time, then by priority (the order the series or
 * sources were given), then by sequence (arrival order within equal keys). NautilusTrader's
 * backtest data iterator is the model: a binary min-heap over stream heads, never a global sort.
 */
export class MergeHeap {
  /** Heap slots hold source ids; keys live in per-id typed arrays so a comparison allocates nothing. */
  private readonly heap: Int32Array;
  private readonly time: Float64Array;
  private readonly priority: Float64Array;
  private readonly seq: Float64Array;
  private count = 0;

  /** `capacity` is the number of distinct ids (0..capacity-1) that may be in the heap at once. */
  constructor(readonly capacity: number) {
    this.heap = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.priority = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
  }

  /** Number of ids in the heap. */
  get size(): number {
    return this.count;
  }

  /** Adds source `id` keyed by (time, priority, seq). An id must not be in the heap twice. */
  push(id: number, time: number, priority: number, seq: number): void {
    if (this.count >= this.capacity) throw new Error(`merge heap is full (capacity ${this.capacity})`);
    this.time[id] = time;
    this.priority[id] = priority;
    this.seq[id] = seq;
    this.heap[this.count] = id;
    this.siftUp(this.count++);
  }

  /** The id with the smallest key, or -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : this.heap[0];
  }

  /** Event time of the smallest key (NaN when empty). */
  peekTime(): number {
    return this.count === 0 ? Number.NaN : this.time[this.heap[0]];
  }

  /** Removes and returns the id with the smallest key, or -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.heap[0];
    const last = this.heap[--this.count];
    if (this.count > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Re-keys the top id (its source advanced to its next item) and restores heap order: one sift, no pop/push. */
  updateTop(time: number, seq: number): void {
    const id = this.heap[0];
    this.time[id] = time;
    this.seq[id] = seq;
    this.siftDown(0);
  }

  /** Empties the heap (keys are overwritten by later pushes). */
  clear(): void {
    this.count = 0;
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a];
    const tb = this.time[b];
    if (ta !== tb) return ta < tb;
    const pa = this.priority[a];
    const pb = this.priority[b];
    if (pa !== pb) return pa < pb;
    return this.seq[a] < this.seq[b];
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const id = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(id, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = id;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = this.count;
    const id = h[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.less(h[right], h[left]) ? right : left;
      if (!this.less(h[child], id)) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = id;
  }
}

/** Event time of a market event: a candle's closeTime, a status event's time. */
export function eventTime(e: MarketEvent): number {
  return e.kind === 'candle' ? e.candle.closeTime : e.time;
}

/**
 * k-way merge of async streams, each already sorted by `timeOf`, into one stream in (time, source index,
 * arrival) order. Throws if a source goes backwards in time, naming the source.
 */
export async function* mergeSorted<T>(
  sources: readonly AsyncIterable<T>[],
  timeOf: (item: T) => number,
): AsyncGenerator<T, void, undefined> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const heads: (T | undefined)[] = new Array(iterators.length);
  const heap = new MergeHeap(iterators.length);
  let seq = 0;
  let finished = false;
  const advance = async (id: number): Promise<void> => {
    const r = await iterators[id].next();
    if (r.done) {
      heads[id] = undefined;
      return;
    }
    const t = timeOf(r.value);
    if (heads[id] !== undefined && t < timeOf(heads[id] as T)) {
      throw new Error(`mergeSorted: source ${id} went back in time (${t} after ${timeOf(heads[id] as T)})`);
    }
    heads[id] = r.value;
    heap.push(id, t, id, seq++);
  };
  try {
    await Promise.all(iterators.map((_, id) => advance(id)));
    while (heap.size > 0) {
      const id = heap.pop();
      yield heads[id] as T;
      await advance(id);
    }
    finished = true;
  } finally {
    if (!finished) await Promise.all(iterators.map((it) => it.return?.()));
  }
}

/** One feed over several feeds, in the engine's total order; priority follows the order of `feeds`. */
export function mergeFeeds(feeds: readonly Feed[]): Feed {
  const series: SeriesKey[] = feeds.flatMap((f) => [...f.series]);
  return {
    series,
    [Symbol.asyncIterator]: () => mergeSorted(feeds, eventTime)[Symbol.asyncIterator](),
  };
}
