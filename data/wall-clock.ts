import { BacktestClock, type Clock } from '../engine/clock.ts';

/**
 * The live clock: now() is the wall clock. The engine's advanceTo calls only record the latest event
 * time seen (for staleness checks); they never move or hold back the wall clock, and events arriving
 * out of order are not an error here (the live feed orders them).
 */
export class LiveClock implements Clock {
  readonly kind = 'live' as const;
  private latest = Number.NEGATIVE_INFINITY;

  /** `wall` is injectable for tests; it defaults to Date.now. */
  constructor(private readonly wall: () => number = Date.now) {}

  now(): number {
    return this.wall();
  }

  advanceTo(time: number): void {
    if (time > this.latest) this.latest = time;
  }

  /** Latest event time passed to advanceTo, or -Infinity before the first event. */
  get lastEventTime(): number {
    return this.latest;
  }
}

/** The one place that picks a clock: backtests move with the data, live sessions read the wall clock. */
export function createClock(kind: 'backtest' | 'live', start?: number): Clock {
  if (kind === 'backtest') return new BacktestClock(start);
  if (kind === 'live') return new LiveClock();
  throw new Error(`unknown clock kind "${String(kind)}" (expected backtest or live)`);
}
