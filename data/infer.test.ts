import { describe, expect, it } from 'vitest';
import { inferTimeframe, timeframeLabel } from './infer.ts';

const DAY = 86_400_000;

/** The median step by sorting every step, as a reader would compute it by hand. */
function sortedMedianStep(times: number[]): string | null {
  const t = times.filter(Number.isFinite).sort((a, b) => a - b);
  const steps = t.slice(1).map((x, i) => x - t[i]).filter((d) => d > 0).sort((a, b) => a - b);
  return steps.length === 0 ? null : timeframeLabel(steps[Math.floor((steps.length - 1) / 2)]);
}

describe('inferTimeframe', () => {
  it('gives 1d for weekday stock data with weekends and a holiday', () => {
    const start = Date.UTC(2024, 0, 1);
    const days = Array.from({ length: 400 }, (_, i) => start + i * DAY).filter((t) => ![0, 6].includes(new Date(t).getUTCDay()) && t !== Date.UTC(2024, 6, 4));
    expect(inferTimeframe(days)).toBe('1d');
  });

  it('agrees with the median of the sorted steps on shuffled, duplicated and broken times', () => {
    let seed = 9;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 50; trial++) {
      const step = [60_000, 300_000, 3_600_000][trial % 3];
      const times = Array.from({ length: 200 + trial }, (_, i) => i * step + (rand() < 0.1 ? step * 3 : 0));
      if (trial % 2) times.push(Number.NaN, times[5]);
      times.sort(() => rand() - 0.5);
      expect(inferTimeframe(times), `trial ${trial}`).toBe(sortedMedianStep(times));
    }
    expect(inferTimeframe([5])).toBeNull();
    expect(inferTimeframe([5, 5])).toBeNull();
  });
});
