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
  const finite = new Float64Array(openTime.length);
  let n = 0;
  for (let i = 0; i < openTime.length; i++) if (Number.isFinite(openTime[i])) finite[n++] = openTime[i];
  let ascending = true;
  for (let i = 1; i < n && ascending; i++) ascending = finite[i] >= finite[i - 1];
  const times = ascending ? finite.subarray(0, n) : finite.subarray(0, n).sort();
  // The median of the steps from their counts: a series has few distinct steps, so this avoids sorting them
  // all; a run of equal steps (most of any series) is counted before it touches the map.
  const counts = new Map<number, number>();
  let steps = 0;
  let runStep = 0;
  let runLength = 0;
  for (let i = 1; i < times.length; i++) {
    const d = times[i] - times[i - 1];
    if (d <= 0) continue;
    steps++;
    if (d === runStep) {
      runLength++;
      continue;
    }
    if (runLength > 0) counts.set(runStep, (counts.get(runStep) ?? 0) + runLength);
    runStep = d;
    runLength = 1;
  }
  if (runLength > 0) counts.set(runStep, (counts.get(runStep) ?? 0) + runLength);
  if (steps === 0) return null;
  const middle = Math.floor((steps - 1) / 2);
  let seen = 0;
  for (const [d, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen > middle) return timeframeLabel(d);
  }
  return null;
}
