import { describe, expect, it } from 'vitest';
import { benchmarkLine } from './benchmark.ts';

describe('benchmarkLine', () => {
  it('rebases a benchmark series to the portfolio’s starting equity', () => {
    const b = benchmarkLine({ label: 'BTC buy and hold', time: ['2017-11-05T00:00:00Z', 1509926400000], value: [0.002, 0.003] }, 50_000);
    expect(b).toEqual({ label: 'BTC buy and hold', line: { t: [Date.parse('2017-11-05T00:00:00Z'), 1509926400000], v: [50_000, 75_000] } });
  });

  it('is null when absent or malformed, so the report shows no benchmark', () => {
    expect(benchmarkLine(undefined, 1)).toBeNull();
    expect(benchmarkLine({ time: [1, 2], value: [1] }, 1), 'lengths differ').toBeNull();
    expect(benchmarkLine({ time: [1, 2], value: [0, 1] }, 1), 'no positive start').toBeNull();
    expect(benchmarkLine({ time: ['x', 2], value: [1, 1] }, 1), 'a bad time').toBeNull();
  });
});
