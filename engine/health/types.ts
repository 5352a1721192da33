import type { FeedStatus, StrategyStatus } from '../types.ts';

/** The anomaly rules, by the name alerts carry. */
export type AlertRule = 'strategy_errored' | 'feed_stale' | 'latency' | 'drawdown_beyond_backtest' | 'no_signals' | 'limit_violation' | 'exposure_above_limit';

export type AlertSeverity = 'warning' | 'critical';

/** What the monitor measured about one strategy (times are epoch ms; engine times are candle close times). */
export interface StrategyHealthInput {
  readonly id: string;
  readonly status: StrategyStatus;
  readonly errorMessage: string | null;
  readonly errors: number;
  /** Close time of the last candle the strategy processed. */
  readonly lastCandleTime: number | null;
  /** Close time of the first candle it processed (silence is measured from here until a first signal). */
  readonly firstCandleTime: number | null;
  /** Processing time of one candle, rolling window (ms). */
  readonly latencyP50: number | null;
  readonly latencyP99: number | null;
  readonly latencySamples: number;
  readonly lastSignalTime: number | null;
  readonly signals: number;
  /** Usual time between signals: the backtest's rate when known, else the mean interval seen so far. */
  readonly usualSignalIntervalMs: number | null;
  readonly drawdown: number;
  readonly maxDrawdown: number;
  /** Max drawdown of the backtest of this version, if one is known. */
  readonly baselineMaxDrawdown: number | null;
  /** Position value / equity now, at the last price (moves with the price after entry). */
  readonly exposure: number;
  /**
   * Position value / equity at the entry price: what the sizing rule caps with maxPositionSize, so the health
   * rule and the risk layer judge the same figure (a position that only grew with the price breaks no limit).
   */
  readonly entryExposure: number;
  /** The config's maxPositionSize (fraction of equity), if any. */
  readonly exposureLimit: number | null;
  /** Limits that blocked or scaled an order recently (within the monitor's window). */
  readonly recentViolations: readonly string[];
}

export interface FeedHealthInput {
  /** The feed's last reported status (null: none reported, e.g. a historical feed). */
  readonly status: FeedStatus | null;
  readonly statusDetail: string | null;
  /** Wall time the last closed candle arrived. */
  readonly lastCandleWall: number | null;
  /** Wall time the monitor started (staleness before any candle counts from here). */
  readonly startedWall: number;
  /** Finest timeframe the feed delivers (ms), for the default stale threshold. */
  readonly intervalMs: number | null;
  /** Wall time at arrival minus candle close time, rolling (ms). */
  readonly delayP50: number | null;
  readonly delayP99: number | null;
}

/** Thresholds of the anomaly rules; every one has a default (DEFAULT_THRESHOLDS). */
export interface HealthThresholds {
  /** Processing time p99 above this is a latency alert (ms). */
  readonly latencyP99Ms: number;
  /** Fewer latency samples than this are not judged. */
  readonly latencyMinSamples: number;
  /** No candle for this long is a stale feed (ms); null: staleFactor × the feed's interval, at least minStaleMs. */
  readonly staleAfterMs: number | null;
  readonly staleFactor: number;
  readonly minStaleMs: number;
  /** Drawdown beyond the backtest's max drawdown × (1 + margin). */
  readonly drawdownMargin: number;
  /** No signal for silenceFactor × the usual interval. */
  readonly silenceFactor: number;
  /** Signals seen before the observed rate is trusted (without a backtest baseline). */
  readonly minSignalsForRate: number;
  /** Exposure at entry above maxPositionSize × (1 + tolerance). */
  readonly exposureTolerance: number;
  /** Bars a limit violation stays active after the last blocked order. */
  readonly violationWindowBars: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  latencyP99Ms: 250,
  latencyMinSamples: 20,
  staleAfterMs: null,
  staleFactor: 2.5,
  minStaleMs: 10_000,
  drawdownMargin: 0.25,
  silenceFactor: 3,
  minSignalsForRate: 3,
  exposureTolerance: 0.1,
  violationWindowBars: 10,
};

/** An anomaly that holds right now. `key` identifies it across evaluations (rule and subject). */
export interface Condition {
  readonly key: string;
  readonly rule: AlertRule;
  readonly severity: AlertSeverity;
  readonly strategyId: string | null;
  readonly message: string;
  readonly value: number | null;
  readonly threshold: number | null;
}

/** A change of an alert: raised once when its condition starts, cleared once when it ends. */
export interface Alert extends Condition {
  /** Unique per occurrence: the key and the time it was raised. Sinks use `${id}:${state}` as idempotency key. */
  readonly id: string;
  readonly state: 'raised' | 'cleared';
  readonly raisedAt: number;
  /** When this change happened (wall ms). */
  readonly time: number;
}
