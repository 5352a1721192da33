import { describe, expect, it } from 'vitest';
import { latencyInFreshProcess } from './latency-process.ts';

describe('latencyInFreshProcess', () => {
  it('measures the fleet in a child process and returns one RunStats per run', async () => {
    const runs = await latencyInFreshProcess(3, 400, 2);
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      expect(r.perStrategy.p50).toBeGreaterThan(0);
      expect(r.perStrategy.p99).toBeGreaterThanOrEqual(r.perStrategy.p50);
      expect(r.perStrategy.max).toBeGreaterThanOrEqual(r.perStrategy.p99);
      expect(r.toSignal.count).toBeGreaterThan(0);
    }
    // The same seeded series and fleet every run: the signal count is a property of the data, not of timing.
    expect(runs[0].toSignal.count).toBe(runs[1].toSignal.count);
  }, 60_000);

  it('reports a failure in the child as a rejection naming the size', async () => {
    await expect(latencyInFreshProcess(-1, 10, 1)).rejects.toThrow(/latency at -1 strategies failed: Error: strategies must be a positive integer, got -1/);
  }, 60_000);
});
