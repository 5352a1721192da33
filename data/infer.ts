import type { Timeframe } from '../engine/types.ts';

const UNITS: [string, number][] = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** The label of a spacing in ms (`86400000` -> `1d`), using the largest unit that divides it; null if none. */
export function timeframeLabel(ms: number): Timeframe | null {
  if (!Number.isFinite(ms) || ms <= 0) return null;
  for (const [unit, size] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return null;
}

/**
 * The timeframe a series was sampled at: the median spacing between consecutive distinct open times, so
 * weekends, holidays and the odd gap in daily stock data still give `1d`. Null with fewer than two times.
 */
export function inferTimeframe(openTime: ArrayLike<number>): Timeframe | null {
  const times = Float64Array.from(openTime).filter((t) => Number.isFinite(t)).sort();
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) steps.push(times[i] - times[i - 1]);
  if (steps.length === 0) return null;
  const sorted = Float64Array.from(steps).sort();
  return timeframeLabel(sorted[Math.floor((sorted.length - 1) / 2)]);
}
