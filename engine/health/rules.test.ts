import { describe, expect, it } from 'vitest';
import { AlertTracker } from './alert-tracker.ts';
import { RollingWindow } from './rolling-quantiles.ts';
import { evaluateHealth, feedConditions, strategyConditions } from './rules.ts';
import { DEFAULT_THRESHOLDS, type FeedHealthInput, type StrategyHealthInput } from './types.ts';

const healthy: StrategyHealthInput = {
  id: 's',
  status: 'running',
  errorMessage: null,
  errors: 0,
  lastCandleTime: 100_000,
  firstCandleTime: 0,
  latencyP50: 1,
  latencyP99: 5,
  latencySamples: 100,
  lastSignalTime: 90_000,
  signals: 10,
  usualSignalIntervalMs: 10_000,
  drawdown: 0.02,
  maxDrawdown: 0.04,
  baselineMaxDrawdown: 0.1,
  exposure: 0.2,
  entryExposure: 0.2,
  exposureLimit: 0.25,
  recentViolations: [],
};
const feed: FeedHealthInput = { status: 'connected', statusDetail: null, lastCandleWall: 1_000, startedWall: 0, intervalMs: 1000, delayP50: 100, delayP99: 300 };

describe('health rules', () => {
  it('a healthy strategy and feed raise nothing', () => {
    expect(evaluateHealth([healthy], feed, 2_000)).toEqual([]);
  });

  it.each([
    ['strategy_errored', { status: 'errored', errorMessage: 'boom' }],
    ['latency', { latencyP99: 400 }],
    ['drawdown_beyond_backtest', { drawdown: 0.13 }],
    ['no_signals', { lastSignalTime: 60_000 }],
    ['limit_violation', { recentViolations: ['maxGross'] }],
    ['exposure_above_limit', { entryExposure: 0.3 }],
  ] as const)('%s fires on its fault', (rule, fault) => {
    const c = strategyConditions({ ...healthy, ...fault } as StrategyHealthInput);
    expect(c.map((x) => x.rule)).toEqual([rule]);
  });

  it('thresholds are respected: drawdown within the margin, too few latency samples, no rate known', () => {
    expect(strategyConditions({ ...healthy, drawdown: 0.12 }), '0.12 < 0.1 × 1.25').toEqual([]);
    expect(strategyConditions({ ...healthy, latencyP99: 400, latencySamples: 3 })).toEqual([]);
    expect(strategyConditions({ ...healthy, lastSignalTime: 0, usualSignalIntervalMs: null })).toEqual([]);
    expect(strategyConditions({ ...healthy, entryExposure: 0.27 }), '0.27 < 0.25 × 1.1').toEqual([]);
    expect(strategyConditions({ ...healthy, exposure: 0.4 }), 'a position that grew with the price breaks no limit (the sizing rule caps the entry)').toEqual([]);
  });

  it('the feed is stale by its status or by silence (2.5 intervals, at least 10 s by default)', () => {
    expect(feedConditions({ ...feed, status: 'reconnecting', statusDetail: 'socket closed' }, 1_500).map((c) => c.message)).toEqual(['feed reconnecting: socket closed']);
    expect(feedConditions(feed, 1_000 + 10_000)).toEqual([]);
    expect(feedConditions(feed, 1_000 + 10_001)).toHaveLength(1);
    expect(feedConditions({ ...feed, intervalMs: 60_000 }, 1_000 + 120_000), '2.5 minutes for 1m candles').toEqual([]);
    expect(feedConditions({ ...feed, status: 'ended' }, 1e9)).toEqual([]);
    expect(feedConditions(feed, 1_000 + 500, { ...DEFAULT_THRESHOLDS, staleAfterMs: 400 })).toHaveLength(1);
  });
});

describe('alert tracker', () => {
  it('raises once while a condition holds, clears once when it ends, raises anew if it returns', () => {
    const t = new AlertTracker();
    const bad = strategyConditions({ ...healthy, status: 'errored', errorMessage: 'x' });
    const r1 = t.update(bad, 10);
    expect(r1.map((a) => [a.state, a.id])).toEqual([['raised', 'strategy_errored:s@10']]);
    expect(t.update(bad, 11), 'still errored: nothing new').toEqual([]);
    expect(t.update(bad, 12)).toEqual([]);
    expect(t.current()).toHaveLength(1);
    const cleared = t.update([], 13);
    expect(cleared.map((a) => [a.state, a.id, a.raisedAt, a.time])).toEqual([['cleared', 'strategy_errored:s@10', 10, 13]]);
    expect(t.update([], 14)).toEqual([]);
    expect(t.update(bad, 20).map((a) => a.id), 'a new occurrence has a new id').toEqual(['strategy_errored:s@20']);
  });
});

describe('rolling window', () => {
  it('keeps the last capacity samples', () => {
    const w = new RollingWindow(4);
    for (const x of [100, 100, 1, 2, 3, 4]) w.add(x);
    expect(w.quantiles([0, 0.5, 1])).toEqual([1, 2.5, 4]);
    expect(new RollingWindow(3).quantiles([0.5])).toEqual([null]);
  });
});
