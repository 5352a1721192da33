import { BacktestClock } from '../../engine/clock.ts';
import { Engine, type RunSummary } from '../../engine/engine.ts';
import type { Feed } from '../../engine/feed.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import type { Candle, SeriesKey } from '../../engine/types.ts';
import type { LiveInfo } from './live-info.ts';
import type { PacedFeed } from './paced-feed.ts';

/**
 * The engine running in the background over a (paced) feed, for the server and the demo. The engine keeps
 * its data-driven clock; the feed decides how fast data arrives. Strategies can be started and stopped
 * through the manager while it runs.
 */
export class LiveSession implements LiveInfo {
  readonly engine: Engine;
  state: 'idle' | 'running' | 'ended' | 'failed' = 'idle';
  error: string | null = null;
  done: Promise<RunSummary | null> = Promise.resolve(null);
  private readonly abort = new AbortController();

  constructor(
    readonly manager: StrategyManager,
    readonly feed: Feed,
    private readonly paced?: PacedFeed,
  ) {
    this.engine = new Engine(manager, new BacktestClock());
  }

  /** Signal that ends a paced replay's waits (pass it to the PacedFeed). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.done = this.engine.run(this.feed).then(
      (summary) => {
        this.state = 'ended';
        return summary;
      },
      (err: unknown) => {
        this.state = 'failed';
        this.error = err instanceof Error ? err.message : String(err);
        return null;
      },
    );
  }

  async stop(): Promise<void> {
    this.engine.stop();
    this.abort.abort();
    await this.done;
  }

  series(): readonly SeriesKey[] {
    return this.feed.series;
  }

  /** The paced replay's schedule for `candle` (null without pacing: then a candle is due at its close). */
  candleDueAt(candle: Candle): number | null {
    return this.paced?.dueAt(candle) ?? null;
  }

  status(): Record<string, unknown> {
    return { state: this.state, error: this.error, candlesPerSecond: this.paced?.candlesPerSecond ?? null, released: this.paced?.released ?? null };
  }
}
