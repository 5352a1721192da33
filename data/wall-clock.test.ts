import { afterEach, describe, expect, it, vi } from 'vitest';
import { BacktestClock } from '../engine/clock.ts';
import { createClock, LiveClock } from './wall-clock.ts';

describe('LiveClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the wall clock (Date.now) by default', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    const clock = new LiveClock();
    expect(clock.now(), 'now() is Date.now()').toBe(1_700_000_000_000);
    vi.setSystemTime(1_700_000_123_456);
    expect(clock.now(), 'follows the wall clock as it moves').toBe(1_700_000_123_456);
    expect(clock.kind).toBe('live');
  });

  it('records the latest event time but never moves the wall clock', () => {
    let wall = 5_000;
    const clock = new LiveClock(() => wall);
    expect(clock.lastEventTime, 'no event yet').toBe(Number.NEGATIVE_INFINITY);
    clock.advanceTo(9_000_000);
    expect(clock.now(), 'an event time in the future does not move now()').toBe(5_000);
    expect(clock.lastEventTime).toBe(9_000_000);
    clock.advanceTo(1_000);
    expect(clock.lastEventTime, 'an older event neither throws nor rewinds the record').toBe(9_000_000);
    wall = 6_000;
    expect(clock.now()).toBe(6_000);
  });
});

describe('createClock', () => {
  it('picks the clock by kind', () => {
    const backtest = createClock('backtest', 100);
    expect(backtest).toBeInstanceOf(BacktestClock);
    expect(backtest.kind).toBe('backtest');
    expect(backtest.now(), 'backtest clock starts where told').toBe(100);
    expect(() => backtest.advanceTo(50), 'backtest time never goes backwards').toThrow(/backwards/);
    const live = createClock('live');
    expect(live).toBeInstanceOf(LiveClock);
    expect(live.kind).toBe('live');
  });

  it('refuses an unknown kind, naming it', () => {
    expect(() => createClock('paper' as 'live')).toThrow(/unknown clock kind "paper"/);
  });
});
