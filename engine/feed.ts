import type { MarketEvent, SeriesKey } from './types.ts';

/**
 * A source of market events: historical (data/historical-feed.ts) or live (data/live-feed.ts).
 * Events come in a total order: by event time (a closed candle's event time is its closeTime), then by series.
 */
export interface Feed extends AsyncIterable<MarketEvent> {
  /** The series this feed delivers closed candles for; the engine aggregates anything coarser from these. */
  readonly series: readonly SeriesKey[];
}

/** A feed that can also be read without awaits (its events are in memory); the engine then replays it in a plain loop. */
export interface SyncFeed extends Feed, Iterable<MarketEvent> {}

export function isSyncFeed(feed: Feed): feed is SyncFeed {
  return typeof (feed as Partial<SyncFeed>)[Symbol.iterator] === 'function';
}

/** A feed over events already in memory (tests, in-memory backtests from the library API). */
export class ArrayFeed implements Feed {
  constructor(
    private readonly events: readonly MarketEvent[],
    readonly series: readonly SeriesKey[],
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    for (const e of this.events) yield e;
  }
}
