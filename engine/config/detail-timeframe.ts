import { isTimeframe, timeframeMs } from '../timeframe.ts';

/**
 * Why `execution.detail` cannot resolve the fills of a `timeframe` strategy, or null when it can: the detail bars
 * must be shorter than the strategy's bars and tile them exactly (a whole number of detail bars per bar), so every
 * finer bar lies inside one strategy bar.
 */
export function detailProblem(timeframe: string, detail: string | undefined): string | null {
  if (detail === undefined || !isTimeframe(detail) || !isTimeframe(timeframe)) return null;
  const fine = timeframeMs(detail);
  const coarse = timeframeMs(timeframe);
  if (fine >= coarse) return `execution.detail "${detail}" must be finer than the strategy's timeframe "${timeframe}"`;
  if (coarse % fine !== 0) return `execution.detail "${detail}" must divide the strategy's timeframe "${timeframe}" (a whole number of ${detail} bars per ${timeframe} bar)`;
  return null;
}

/** How many detail bars make one strategy bar (1 without detail). */
export function detailBarsPerBar(timeframe: string, detail: string | undefined): number {
  return detail === undefined ? 1 : timeframeMs(timeframe) / timeframeMs(detail);
}
