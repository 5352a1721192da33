import { timeframeMs } from '../../engine/timeframe.ts';
import type { Candle, MarketEvent, SeriesKey } from '../../engine/types.ts';
import type { ChunkSource, ColumnChunk } from '../column-chunk.ts';
import { MergeHeap } from '../merge.ts';

/** The sources of one pass over a feed, and how to release what they share (a DuckDB instance). */
export interface SourceSet {
  readonly sources: readonly ChunkSource[];
  /** Closes every source, then releases what they share. */
  close(): Promise<void>;
}

/**
 * The synchronous core of every historical feed: a heap over the head row of each series' current chunk.
 * A Candle is made only for the row taken. After `take()`, `refillId` names a series whose chunk ran out
 * (its next chunk must be handed to `accept` before the next `take`), or is -1.
 */
export class CandleMerger {
  refillId = -1;
  /** Number of series merged. */
  readonly width: number;
  private readonly heap: MergeHeap;
  private readonly chunks: (ColumnChunk | null)[];
  private readonly pos: Int32Array;
  private readonly seq: Float64Array;
  private readonly tfMs: Float64Array;
  private readonly symbols: string[];
  private readonly timeframes: string[];

  constructor(series: readonly SeriesKey[]) {
    const n = series.length;
    this.width = n;
    this.heap = new MergeHeap(n);
    this.chunks = new Array<ColumnChunk | null>(n).fill(null);
    this.pos = new Int32Array(n);
    this.seq = new Float64Array(n);
    this.tfMs = Float64Array.from(series, (s) => timeframeMs(s.timeframe));
    this.symbols = series.map((s) => s.symbol);
    this.timeframes = series.map((s) => s.timeframe);
  }

  /** Installs series `id`'s next chunk (null or empty: the series has ended). */
  accept(id: number, chunk: ColumnChunk | null): void {
    if (chunk === null || chunk.length === 0) {
      this.chunks[id] = null;
      return;
    }
    this.chunks[id] = chunk;
    this.pos[id] = 0;
    this.heap.push(id, chunk.openTime[0] + this.tfMs[id], id, this.seq[id]);
  }

  /** The next event in (closeTime, series order, row) order, or null when every series has ended. */
  take(): MarketEvent | null {
    const heap = this.heap;
    const id = heap.peek();
    this.refillId = -1;
    if (id < 0) return null;
    const chunk = this.chunks[id] as ColumnChunk;
    const i = this.pos[id];
    const openTime = chunk.openTime[i];
    const tf = this.tfMs[id];
    const candle: Candle = {
      symbol: this.symbols[id],
      timeframe: this.timeframes[id],
      openTime,
      closeTime: openTime + tf,
      open: chunk.open[i],
      high: chunk.high[i],
      low: chunk.low[i],
      close: chunk.close[i],
      volume: chunk.volume[i],
    };
    const next = i + 1;
    const seq = ++this.seq[id];
    if (next < chunk.length) {
      this.pos[id] = next;
      heap.updateTop(chunk.openTime[next] + tf, seq);
    } else {
      heap.pop();
      this.chunks[id] = null;
      this.refillId = id;
    }
    return { kind: 'candle', candle, closed: true };
  }
}

const DONE: IteratorResult<MarketEvent> = Object.freeze({ done: true, value: undefined });

/**
 * Async iterator over a set of chunk sources. Hand-written rather than an async generator: an event whose
 * row is already in memory costs one resolved promise, and only a chunk refill awaits I/O (about twice
 * the throughput of `async function*` in Node 20). Calls to next() made before the previous one settles
 * are queued, as the async iterator protocol allows.
 */
export class MergedCandleIterator implements AsyncIterableIterator<MarketEvent> {
  private readonly merger: CandleMerger;
  private set: SourceSet | null = null;
  private state: 'new' | 'open' | 'done' = 'new';
  private pending: Promise<unknown> | null = null;
  private closing: Promise<void> = Promise.resolve();

  constructor(
    series: readonly SeriesKey[],
    private readonly openSources: () => Promise<SourceSet>,
  ) {
    this.merger = new CandleMerger(series);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<MarketEvent>> {
    if (this.pending !== null) return this.pending.then(this.retry, this.retry);
    if (this.state === 'open') {
      const m = this.merger;
      const value = m.take();
      if (value === null) return this.finish().then(() => DONE);
      if (m.refillId < 0) return Promise.resolve({ done: false, value });
      return this.track(this.refill(m.refillId).then(() => ({ done: false, value })));
    }
    if (this.state === 'new') return this.track(this.start()).then(this.retry);
    return Promise.resolve(DONE);
  }

  /** Stops early (for-await `break`): releases every reader. */
  async return(): Promise<IteratorResult<MarketEvent>> {
    if (this.pending !== null) await this.pending.catch(() => undefined);
    await this.finish();
    return DONE;
  }

  async throw(err?: unknown): Promise<IteratorResult<MarketEvent>> {
    await this.finish();
    throw err;
  }

  private readonly retry = (): Promise<IteratorResult<MarketEvent>> => this.next();

  private track<T>(p: Promise<T>): Promise<T> {
    const tracked: Promise<T> = p.finally(() => {
      if (this.pending === tracked) this.pending = null;
    });
    this.pending = tracked;
    return tracked;
  }

  private async start(): Promise<void> {
    this.state = 'open';
    try {
      const set = await this.openSources();
      this.set = set;
      if (set.sources.length !== this.merger.width) {
        throw new Error(`feed opened ${set.sources.length} sources for ${this.merger.width} series`);
      }
      // Settle every first read before anything is closed: a reader is never closed mid-read.
      const firsts = await Promise.allSettled(set.sources.map((s) => s.next()));
      const failed = firsts.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      firsts.forEach((r, id) => this.merger.accept(id, (r as PromiseFulfilledResult<ColumnChunk | null>).value));
    } catch (err) {
      await this.finish();
      throw err;
    }
  }

  private async refill(id: number): Promise<void> {
    const source = (this.set as SourceSet).sources[id];
    try {
      this.merger.accept(id, await source.next());
    } catch (err) {
      await this.finish();
      throw err;
    }
  }

  /** Ends the pass and releases every reader; resolves once they are released (a close error is dropped). */
  private finish(): Promise<void> {
    if (this.state === 'done') return this.closing;
    this.state = 'done';
    const set = this.set;
    this.set = null;
    this.closing = set === null ? Promise.resolve() : set.close().catch(() => undefined);
    return this.closing;
  }
}

/** Synchronous merge over in-memory sources (each must have nextSync). */
export function* mergeSync(series: readonly SeriesKey[], sources: readonly ChunkSource[]): Generator<MarketEvent, void, undefined> {
  const m = new CandleMerger(series);
  const pull = (id: number): ColumnChunk | null => {
    const s = sources[id];
    if (s.nextSync === undefined) throw new Error(`series ${s.series.symbol} ${s.series.timeframe} cannot be read synchronously`);
    return s.nextSync();
  };
  try {
    for (let id = 0; id < sources.length; id++) m.accept(id, pull(id));
    for (;;) {
      const e = m.take();
      if (e === null) return;
      if (m.refillId >= 0) m.accept(m.refillId, pull(m.refillId));
      yield e;
    }
  } finally {
    for (const s of sources) s.close();
  }
}
