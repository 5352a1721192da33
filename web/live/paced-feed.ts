import type { Feed } from '../../engine/feed.ts';
import type { Candle, MarketEvent, SeriesKey } from '../../engine/types.ts';
import { sleep } from '../../data/sleep.ts';

export interface PaceOptions {
  /** Closed candles released per second of wall time. */
  candlesPerSecond: number;
  /** In-progress updates shown before each closed candle (default 2; 0 for none). */
  partials?: number;
  /** Ends the replay early. */
  signal?: AbortSignal;
}

/** Smallest wait worth a timer: below it, candles are released in a burst and the deficit carried. */
const MIN_SLEEP_MS = 4;
/**
 * Longest stretch the replay runs without handing the event loop back for a macrotask. A replay behind
 * schedule (any speed faster than the engine) would otherwise run on promise callbacks alone, which starves
 * I/O: HTTP requests go unanswered, signals (SIGTERM) are never handled and socket writes pile up in memory.
 */
export const YIELD_EVERY_MS = 4;

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));


/** The candle as it may have looked `f` (0..1) of the way through its period: moving from open towards close. */
export function partialCandle(c: Candle, f: number): Candle {
  const close = c.open + (c.close - c.open) * f;
  const top = Math.max(c.open, c.close);
  const bottom = Math.min(c.open, c.close);
  return {
    ...c,
    close,
    high: Math.max(c.open, close) + (c.high - top) * f,
    low: Math.min(c.open, close) - (bottom - c.low) * f,
    volume: c.volume * f,
  };
}

/**
 * Replays a historical feed in accelerated wall-clock time, e.g. 50 candles per second, with synthetic
 * in-progress candles between closed ones, so a dashboard sees what a live feed looks like. The wall clock
 * and timers live here, never in the engine; the engine still runs on the data's own time.
 */
export class PacedFeed implements Feed {
  readonly series: readonly SeriesKey[];
  /** Closed candles released so far. */
  released = 0;
  private rate: number;

  constructor(
    private readonly inner: Feed,
    private readonly opts: PaceOptions,
  ) {
    if (!(opts.candlesPerSecond > 0)) throw new Error(`candlesPerSecond must be > 0, got ${opts.candlesPerSecond}`);
    this.series = inner.series;
    this.rate = opts.candlesPerSecond;
  }

  get candlesPerSecond(): number {
    return this.rate;
  }

  /** Changes the pace from the next candle on. */
  setSpeed(candlesPerSecond: number): void {
    if (!(candlesPerSecond > 0)) throw new Error(`speed must be > 0, got ${candlesPerSecond}`);
    this.rate = candlesPerSecond;
    this.rebase = true;
  }

  private rebase = true;
  private start = 0;
  private base = 0;
  private lastYield = 0;
  /** Macrotask yields made because the replay was behind schedule (for tests and benchmarks). */
  yields = 0;

  /** Gives the event loop a turn (I/O, timers, signals) if the replay has run YIELD_EVERY_MS without one. */
  private async breathe(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield < YIELD_EVERY_MS) return;
    this.yields++;
    await macrotask();
    this.lastYield = performance.now();
  }

  /** The last closed candle released and the wall time (epoch ms) its slot was due. */
  private lastDue: { candle: Candle; wall: number } | null = null;

  /**
   * The wall time (epoch ms) the replay's schedule meant `candle` to arrive (the feed's own clock), for the
   * last closed candle released; null for any other. The health monitor measures feed delay against it.
   */
  dueAt(candle: Candle): number | null {
    return this.lastDue !== null && this.lastDue.candle === candle ? this.lastDue.wall : null;
  }

  /** Waits for `slot`'s time on the schedule; returns when it was due (performance.now() time). */
  private async waitFor(slot: number): Promise<number> {
    if (this.rebase) {
      this.start = performance.now();
      this.base = slot;
      this.rebase = false;
    }
    const due = this.start + ((slot - this.base) * 1000) / this.rate;
    const wait = due - performance.now();
    if (wait >= MIN_SLEEP_MS) {
      await sleep(wait, this.opts.signal);
      this.lastYield = performance.now();
    } else await this.breathe();
    return due;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    const partials = this.opts.partials ?? 2;
    this.lastYield = performance.now();
    for await (const e of this.inner) {
      if (this.opts.signal?.aborted) return;
      if (e.kind !== 'candle' || !e.closed) {
        await this.breathe();
        yield e;
        continue;
      }
      for (let k = 1; k <= partials; k++) {
        const f = k / (partials + 1);
        await this.waitFor(this.released + f);
        if (this.opts.signal?.aborted) return;
        yield { kind: 'candle', candle: partialCandle(e.candle, f), closed: false };
      }
      const due = await this.waitFor(this.released + 1);
      if (this.opts.signal?.aborted) return;
      this.released++;
      this.lastDue = { candle: e.candle, wall: performance.timeOrigin + due };
      yield e;
    }
  }
}
