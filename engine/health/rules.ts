/**
 * The anomaly rules: pure functions from measured health to the conditions that hold. No clock is read here;
 * `now` (wall time) comes from the caller.
 */
import { DEFAULT_THRESHOLDS, type Condition, type FeedHealthInput, type HealthThresholds, type StrategyHealthInput } from './types.ts';
import { formatPercent } from '../format.ts';

const pct = (x: number) => formatPercent(x, { digits: 1 });
const secs = (ms: number) => (ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

/** The stale threshold for a feed: explicit, or staleFactor × its interval, at least minStaleMs. */
export function staleAfter(feed: FeedHealthInput, t: HealthThresholds): number {
  if (t.staleAfterMs !== null) return t.staleAfterMs;
  return Math.max(t.minStaleMs, feed.intervalMs === null ? t.minStaleMs : t.staleFactor * feed.intervalMs);
}

/** Conditions of one strategy. */
export function strategyConditions(s: StrategyHealthInput, t: HealthThresholds = DEFAULT_THRESHOLDS): Condition[] {
  const out: Condition[] = [];
  const id = s.id;
  if (s.status === 'errored') {
    out.push({ key: `strategy_errored:${id}`, rule: 'strategy_errored', severity: 'critical', strategyId: id, message: `${id} errored: ${s.errorMessage ?? 'unknown error'}`, value: s.errors, threshold: null });
  }
  if (s.status !== 'running' && s.status !== 'paused') return out;
  if (s.latencyP99 !== null && s.latencySamples >= t.latencyMinSamples && s.latencyP99 > t.latencyP99Ms) {
    out.push({ key: `latency:${id}`, rule: 'latency', severity: 'warning', strategyId: id, message: `${id}: candle processing p99 ${s.latencyP99.toFixed(1)} ms is above ${t.latencyP99Ms} ms`, value: s.latencyP99, threshold: t.latencyP99Ms });
  }
  if (s.baselineMaxDrawdown !== null && s.baselineMaxDrawdown > 0) {
    const limit = s.baselineMaxDrawdown * (1 + t.drawdownMargin);
    if (s.drawdown > limit) {
      out.push({
        key: `drawdown_beyond_backtest:${id}`,
        rule: 'drawdown_beyond_backtest',
        severity: 'critical',
        strategyId: id,
        message: `${id}: drawdown ${pct(s.drawdown)} is beyond the backtest's max drawdown ${pct(s.baselineMaxDrawdown)} by more than ${pct(t.drawdownMargin)}`,
        value: s.drawdown,
        threshold: limit,
      });
    }
  }
  if (s.status === 'running' && s.usualSignalIntervalMs !== null && s.usualSignalIntervalMs > 0 && s.lastCandleTime !== null) {
    const since = s.lastSignalTime ?? s.firstCandleTime;
    if (since !== null) {
      const quiet = s.lastCandleTime - since;
      const limit = t.silenceFactor * s.usualSignalIntervalMs;
      if (quiet > limit) {
        out.push({
          key: `no_signals:${id}`,
          rule: 'no_signals',
          severity: 'warning',
          strategyId: id,
          message: `${id}: no signal for ${secs(quiet)}, ${(quiet / s.usualSignalIntervalMs).toFixed(1)}× its usual interval of ${secs(s.usualSignalIntervalMs)}`,
          value: quiet,
          threshold: limit,
        });
      }
    }
  }
  for (const limit of s.recentViolations) {
    out.push({ key: `limit_violation:${id}:${limit}`, rule: 'limit_violation', severity: 'warning', strategyId: id, message: `${id}: orders blocked or scaled by the ${limit} limit`, value: null, threshold: null });
  }
  if (s.exposureLimit !== null && s.exposureLimit > 0) {
    const limit = s.exposureLimit * (1 + t.exposureTolerance);
    if (s.entryExposure > limit) {
      out.push({ key: `exposure_above_limit:${id}`, rule: 'exposure_above_limit', severity: 'warning', strategyId: id, message: `${id}: exposure at entry ${pct(s.entryExposure)} of equity is above its ${pct(s.exposureLimit)} limit`, value: s.entryExposure, threshold: limit });
    }
  }
  return out;
}

/** Conditions of the feed at wall time `now`. */
export function feedConditions(feed: FeedHealthInput, now: number, t: HealthThresholds = DEFAULT_THRESHOLDS): Condition[] {
  if (feed.status === 'ended') return [];
  if (feed.status === 'stale' || feed.status === 'reconnecting') {
    return [{ key: 'feed_stale', rule: 'feed_stale', severity: 'critical', strategyId: null, message: `feed ${feed.status}: ${feed.statusDetail ?? ''}`.trim(), value: null, threshold: null }];
  }
  const limit = staleAfter(feed, t);
  const quiet = now - (feed.lastCandleWall ?? feed.startedWall);
  if (quiet > limit) {
    return [{ key: 'feed_stale', rule: 'feed_stale', severity: 'critical', strategyId: null, message: `feed stale: no candle for ${secs(quiet)} (limit ${secs(limit)})`, value: quiet, threshold: limit }];
  }
  return [];
}

/** Every condition that holds: the feed's, then each strategy's. */
export function evaluateHealth(strategies: readonly StrategyHealthInput[], feed: FeedHealthInput | null, now: number, t: HealthThresholds = DEFAULT_THRESHOLDS): Condition[] {
  return [...(feed ? feedConditions(feed, now, t) : []), ...strategies.flatMap((s) => strategyConditions(s, t))];
}
