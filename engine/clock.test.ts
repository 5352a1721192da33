import { describe, expect, it } from 'vitest';
import { BacktestClock } from './clock.ts';

describe('BacktestClock', () => {
  it('starts before all time and reports the last time it was advanced to', () => {
    const clock = new BacktestClock();
    expect(clock.kind, 'a backtest clock says so, so adapters can tell modes apart').toBe('backtest');
    expect(clock.now(), 'no event seen yet: the clock is before any event time').toBe(Number.NEGATIVE_INFINITY);
    clock.advanceTo(1_000);
    expect(clock.now(), 'now() is the time it was advanced to').toBe(1_000);
    clock.advanceTo(5_000);
    expect(clock.now()).toBe(5_000);
  });

  it('accepts the same time again (several events share a timestamp)', () => {
    const clock = new BacktestClock(100);
    clock.advanceTo(100);
    clock.advanceTo(100);
    expect(clock.now(), 'equal timestamps are not a step backwards').toBe(100);
  });

  it('throws when asked to go backwards, naming both times, and keeps its time', () => {
    const clock = new BacktestClock();
    clock.advanceTo(2_000);
    expect(() => clock.advanceTo(1_999), 'time never goes backwards in a backtest').toThrow(/backwards.*2000.*1999/);
    expect(clock.now(), 'a refused move leaves the clock where it was').toBe(2_000);
  });

  it('honours an explicit start time', () => {
    const clock = new BacktestClock(10);
    expect(() => clock.advanceTo(9), 'the start is already a lower bound').toThrow(/backwards/);
  });
});
