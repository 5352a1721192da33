import type { Exchange } from 'ccxt';
import type { SeriesKey } from '../../engine/types.ts';
import type { MissingRun, SeriesTrack } from './series-track.ts';

export interface LiveFeedOptions {
  /** A ccxt exchange with ccxt.pro's watchOHLCV (e.g. `new ccxt.pro.binance()`), already pointed where it should go. */
  readonly exchange: Exchange;
  /** One subscription per series, shared by every strategy that needs it (coarser timeframes are aggregated by the engine). */
  readonly series: readonly SeriesKey[];
  /** First open time to emit per series: the warm-up start, or the candle after the last one a restarted session logged. */
  readonly from: (s: SeriesKey) => number;
  /** Candles opening at or after this are not emitted; once every series reaches it the feed sends 'ended' and finishes. */
  readonly until?: number;
  /**
   * Warm-up: candles closing at or before `liveFrom` are history fetched over REST. With `announce`, a 'warmup'
   * status goes out first (entries blocked); 'connected' goes out just before the first candle closing after
   * `liveFrom`. A restarted session still warming up passes announce: false (its log already has the 'warmup').
   */
  readonly warmup?: { readonly announce: boolean; readonly liveFrom: number } | null;
  /** A restarted session whose log ended blocked (stale/reconnecting): 'recovered' is sent once the feed is healthy. */
  readonly resumeBlocked?: boolean;
  /** No stream message for this long marks a series stale (default 1.5 × its timeframe). */
  readonly staleAfterMs?: number;
  /** How long a candle the stream skipped or did not close may wait before REST is asked (default: timeframe / 2, at most 2 s). */
  readonly confirmAfterMs?: number;
  /** REST polling interval while a series is stale or disconnected (default: its timeframe, at least 1 s). */
  readonly pollMs?: number;
  /** Waits between reconnect attempts: base × 2^attempt up to max (default 250 ms .. 15 s). */
  readonly reconnect?: { readonly baseMs?: number; readonly maxMs?: number };
  /** Status events are never stamped earlier than this (a restarted session's last logged event time). */
  readonly timeFloor?: number;
  /** Candles per REST request (default 1000). */
  readonly pageLimit?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Human-readable notes (reconnects, REST fills, rejected candles); default: dropped. */
  readonly onDiagnostic?: (line: string) => void;
}

/** Per-series counters and the runs of candles the exchange never had (for reports). */
export interface LiveSeriesStats {
  readonly symbol: string;
  readonly timeframe: string;
  readonly next: number;
  readonly connected: boolean;
  readonly stale: boolean;
  readonly counts: SeriesTrack['stats'];
  readonly gaps: readonly MissingRun[];
}
