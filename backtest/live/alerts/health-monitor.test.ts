import { describe, expect, it } from 'vitest';
import type { StrategyConfigInput } from '../../../engine/config/schema.ts';
import { StrategyManager } from '../../../engine/manager.ts';
import type { StrategyFactory } from '../../../engine/strategy/strategy.ts';
import type { Candle } from '../../../engine/types.ts';
import { bar, HOUR, T0 } from '../../../tests/engine/helpers.ts';
import { HealthMonitor, type MonitorOptions } from './health-monitor.ts';

/** A manager with one strategy whose bars take `slowMs` of the monitor's perf clock each, and the monitor on fake clocks. */
function setup(opts: MonitorOptions, slowMs = 0) {
  const clock = { wall: T0, perf: 0 };
  const factory: StrategyFactory = () => ({
    onCandle() {
      clock.perf += slowMs;
      return null;
    },
  });
  const manager = new StrategyManager({ modules: new Map([['slow', factory]]) });
  manager.startStrategy({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'slow' } as StrategyConfigInput);
  const monitor = new HealthMonitor(manager, { now: () => clock.wall, perfNow: () => clock.perf, latencyWindow: 20, thresholds: { latencyMinSamples: 5, latencyP99Ms: 100 }, ...opts });
  const push = (n: number, arriveAfterClose: (c: Candle) => number) => {
    for (let i = 0; i < n; i++) {
      const c = bar('BTC/USDT', '1h', HOUR, T0 + i * HOUR, 100, 100, 100, 100);
      clock.wall = arriveAfterClose(c);
      manager.onNewCandle(c);
    }
  };
  return { manager, monitor, push };
}

describe('HealthMonitor', () => {
  it('measures feed delay against the feed’s own clock when it keeps one (a paced replay of old data)', () => {
    const wallBase = Date.parse('2026-12-02T01:00:00Z');
    // the replay schedules bar k at wallBase + k·20 ms and it arrives 7 ms late; its data is from long ago
    const due = (c: Candle) => wallBase + ((c.openTime - T0) / HOUR) * 20;
    const { monitor, push } = setup({ evaluateEveryMs: 0, feedDueAt: due });
    push(10, (c) => due(c) + 7);
    expect(monitor.report().feed.delayP99, 'arrival − scheduled time, ms').toBeCloseTo(7, 9);
    const { monitor: plain, push: pushPlain } = setup({ evaluateEveryMs: 0 });
    pushPlain(10, (c) => c.closeTime + 1500);
    expect(plain.report().feed.delayP99, 'without a feed clock: arrival − candle close').toBeCloseTo(1500, 9);
  });

  it('with its timer running, a candle does not sort the latency windows: the rules read the quantiles of the last tick', () => {
    const { monitor, push, manager } = setup({ evaluateEveryMs: 60_000 }, 500);
    monitor.start();
    const raised: string[] = [];
    manager.events.on('alert', (a) => raised.push(`${a.rule}:${a.state}`));
    try {
      push(10, (c) => c.closeTime + 1000);
      expect(raised, 'ten 500 ms bars, but no quantile refresh since the start').toEqual([]);
      monitor.evaluate();
      expect(raised, 'the tick (here called by hand) sorts and the rule fires').toEqual(['latency:raised']);
      expect(monitor.report().strategies[0].latencyP99).toBe(500);
    } finally {
      monitor.stop();
    }
  });
});
