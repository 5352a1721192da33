import type { Clock } from './clock.ts';
import type { Feed } from './feed.ts';
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

  /** Consumes the feed to its end (or until stop()); each event is fully processed before the next is read. */
  async run(feed: Feed): Promise<RunSummary> {
    const m = this.manager;
    m.setSourceSeries(feed.series);
    const summary: RunSummary = { events: 0, candles: 0, firstTime: null, lastTime: null };
    for await (const event of feed) {
      if (this.stopped) break;
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
    // The feed has ended (or run was stopped): the last bar group is complete.
    m.releaseGroup();
    return summary;
  }

  /** Ends run() after the event being processed. */
  stop(): void {
    this.stopped = true;
  }
}
