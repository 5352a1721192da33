import type { Clock } from './clock.ts';
import { isSyncFeed, type Feed } from './feed.ts';
import type { MarketEvent } from './types.ts';
import type { StrategyManager } from './manager.ts';

export interface RunSummary {
  events: number;
  candles: number;
  firstTime: number | null;
  lastTime: number | null;
}

/**
 * The event loop: one feed, one clock, one manager. It has no notion of backtest or live; a historical feed
 * with a BacktestClock is a backtest, a live feed with the wall clock is a paper session.
 */
export class Engine {
  private stopped = false;

  constructor(
    readonly manager: StrategyManager,
    readonly clock: Clock,
  ) {}

  /**
   * Consumes the feed to its end (or until stop()); each event is fully processed before the next is read. A
   * feed whose events are in memory is read in a plain loop: an await per event would cost more than most
   * strategies' work on it.
   */
  async run(feed: Feed): Promise<RunSummary> {
    this.manager.setSourceSeries(feed.series);
    const summary: RunSummary = { events: 0, candles: 0, firstTime: null, lastTime: null };
    if (isSyncFeed(feed)) {
      for (const event of feed) {
        if (this.stopped) break;
        this.handle(event, summary);
      }
    } else {
      for await (const event of feed) {
        if (this.stopped) break;
        this.handle(event, summary);
      }
    }
    // The feed has ended (or run was stopped): the last bar group is complete.
    this.manager.releaseGroup();
    return summary;
  }

  private handle(event: MarketEvent, summary: RunSummary): void {
    const m = this.manager;
    summary.events++;
    if (event.kind === 'candle') {
      if (event.closed) {
        const t = event.candle.closeTime;
        this.clock.advanceTo(t);
        summary.candles++;
        if (summary.firstTime === null) summary.firstTime = t;
        summary.lastTime = t;
        m.onNewCandle(event.candle);
      } else {
        m.onPartialCandle(event.candle);
      }
    } else if (event.kind === 'funding') {
      this.clock.advanceTo(event.time);
      m.onFunding(event.symbol, event.time, event.rate);
    } else {
      this.clock.advanceTo(event.time);
      m.onFeedStatus(event.status, event.detail, event.time);
    }
  }

  /** Ends run() after the event being processed. */
  stop(): void {
    this.stopped = true;
  }
}
