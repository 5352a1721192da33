/**
 * Time is injected, never read. The engine asks its Clock; backtests hand it a BacktestClock that
 * moves with the data, live sessions a wall clock (data/wall-clock.ts). Nothing else differs.
 */
export interface Clock {
  /** Current time, epoch ms UTC. */
  now(): number;
  /** Called by the engine loop as each event is processed; the clock may refuse to go backwards. */
  advanceTo(time: number): void;
  readonly kind: 'backtest' | 'live';
}

/** Advance-only clock driven by event times; throws if time would go backwards. */
export class BacktestClock implements Clock {
  readonly kind = 'backtest' as const;
  private current: number;

  constructor(start = Number.NEGATIVE_INFINITY) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advanceTo(time: number): void {
    if (time < this.current) {
      throw new Error(`clock cannot go backwards: at ${this.current}, asked for ${time}`);
    }
    this.current = time;
  }
}
