import { bucketStart, timeframeMs } from '../timeframe.ts';
import { equalWeights, inverseVolatilityWeights } from './allocation.ts';
import type { AllocationSettings } from './config.ts';
import { DEFAULT_LOOKBACK, type AllocationSnapshot } from './oms-types.ts';
import type { Slot } from './oms-venue.ts';

/** Weights that do not depend on data: fixed, equal, and the equal start of volatility weights (before the first rebalance). */
export function assignStaticWeights(a: AllocationSettings, slots: readonly Slot[], capital: number, rebalanced: boolean): void {
  if (a.mode === 'fixed') {
    for (const s of slots) s.weight = s.fixedWeight ?? (capital > 0 ? s.capital / capital : 0);
  } else if (a.mode === 'equal' || !rebalanced) {
    const w = equalWeights(slots.length);
    slots.forEach((s, i) => (s.weight = w[i]));
  }
}

/** The first rebalance time after the bucket `time` falls in. */
export function nextRebalanceAfter(time: number, a: AllocationSettings): number {
  return bucketStart(time, a.rebalance) + timeframeMs(a.rebalance);
}

/** Volatility mode: inverse-volatility weights from each strategy's return window, applied and returned as the snapshot. */
export function rebalanceByVolatility(a: AllocationSettings, slots: readonly Slot[], time: number): AllocationSnapshot {
  const w = inverseVolatilityWeights(slots.map((s) => s.window?.volatility() ?? null), a.targetVolatility);
  for (let i = 0; i < slots.length; i++) slots[i].weight = w[i];
  return { time, weights: w };
}

/** Bars of `timeframe` in a lookback given as a bar count or a duration. */
export function lookbackBars(lookback: number | string | undefined, timeframe: string): number {
  if (lookback === undefined) return DEFAULT_LOOKBACK;
  if (typeof lookback === 'number') return lookback;
  return Math.max(2, Math.round(timeframeMs(lookback) / timeframeMs(timeframe)));
}
