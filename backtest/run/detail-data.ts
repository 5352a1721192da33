import type { StrategyConfig } from '../../engine/config/schema.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { SeriesKey } from '../../engine/types.ts';

/**
 * Refuses a run whose data cannot feed a strategy's `execution.detail`: its symbol's data must be at the detail
 * timeframe or finer (a timeframe dividing it), else the finer bars would not exist and the fills would silently
 * fall back to the strategy's own bars. The error names the strategy, the detail timeframe and the data's.
 */
export function checkDetailData(configs: readonly StrategyConfig[], data: readonly SeriesKey[], where = 'the data'): void {
  for (const c of configs) {
    const detail = c.execution.detail;
    if (detail === undefined) continue;
    const have = data.filter((s) => s.symbol === c.symbol).map((s) => s.timeframe);
    if (have.length === 0 || have.some((tf) => timeframeMs(detail) % timeframeMs(tf) === 0)) continue;
    throw new Error(
      `strategy "${c.id ?? c.name ?? c.symbol}": execution.detail is ${detail}, but ${where} for ${c.symbol} is ${have.join(', ')}; ` +
        `the data must be at ${detail} or finer (a timeframe that divides ${detail})`,
    );
  }
}

/** The manifest's count of the fills the detail bars resolved, of all the strategy's fills (orderRules.detail_fills). */
export function detailFillsText(detailFills: number, fills: number, detail: string): string {
  return `${detailFills} of ${fills} fill${fills === 1 ? '' : 's'} resolved on ${detail} bars (the rest: market orders at a bar's open or close, and the end of the data)`;
}
