import type { Bar } from './streaming.ts';

/** One bar's Chaikin money flow volume (ta_AD.c): ((close - low) - (high - close)) / (high - low) * volume, 0 when high <= low. */
export function moneyFlowVolume(bar: Pick<Bar, 'high' | 'low' | 'close' | 'volume'>): number {
  const range = bar.high - bar.low;
  return range > 0 ? ((bar.close - bar.low - (bar.high - bar.close)) / range) * bar.volume : 0;
}
