import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('doubles from the base up to the cap, each wait between half and all of its step', () => {
    const b = new Backoff(100, 1000, 7);
    const steps = [100, 200, 400, 800, 1000, 1000, 1000];
    for (const full of steps) {
      const w = b.next();
      expect(w).toBeGreaterThanOrEqual(full / 2);
      expect(w).toBeLessThanOrEqual(full);
    }
  });

  it('reset() starts again from the base wait', () => {
    const b = new Backoff(100, 10_000, 7);
    for (let i = 0; i < 6; i++) b.next();
    b.reset();
    expect(b.next()).toBeLessThanOrEqual(100);
  });

  it('the same seed gives the same waits; different seeds spread them', () => {
    const run = (seed: number) => {
      const b = new Backoff(1000, 60_000, seed);
      return Array.from({ length: 8 }, () => b.next());
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    const firsts = Array.from({ length: 20 }, (_, s) => run(s + 1)[0]);
    expect(new Set(firsts.map((w) => Math.round(w))).size).toBeGreaterThan(15);
  });
});
