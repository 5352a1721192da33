/**
 * The named rules bar-based fills follow (backtest/REFERENCE.md, "Order fill rules"; printed in every run's
 * manifest as each strategy's `orderRules`).
 */

/** When one bar touches both a position's stop and its target: which is assumed to have come first. */
export type BothTouchedPolicy = 'stop_first' | 'target_first';

/** When a bracket's protective children start working: on the bar the entry filled, or from the next bar on. */
export type StopsFrom = 'entry_bar' | 'next_bar';

export interface FillRules {
  /** A limit must be passed through by this fraction of its price before it fills (0: touching it is enough). */
  readonly penetration: number;
  readonly bothTouched: BothTouchedPolicy;
  readonly stopsFrom: StopsFrom;
}

export const DEFAULT_FILL_RULES: FillRules = Object.freeze({ penetration: 0, bothTouched: 'stop_first', stopsFrom: 'entry_bar' });

/** Every rule by name, in words, for the manifest. */
export function fillRuleTexts(rules: FillRules): Record<string, string> {
  const pen = rules.penetration > 0 ? `once the bar trades ${rules.penetration * 100}% through the limit` : 'when the bar reaches the limit';
  return {
    limit_fill: `a limit fills at the limit ${pen}, or at the open when the bar opens through it (limit_gap_open)`,
    stop_fill: 'a stop triggers at the stop when the bar reaches it, or at the open when the bar opens through it (stop_gap_open); it then fills as a market order (slippage)',
    stop_limit_fill: 'a stop-limit becomes a limit at its trigger; on the trigger bar it fills at the open on a gap within the limit, at the stop when the limit is at or beyond it, at the limit when the bar closes through the limit, else it keeps working as a limit',
    trailing_ratchet: 'a trailing stop is recomputed from each closed bar\'s close (percent, amount or ATR multiple) and only ever moves in the position\'s favour',
    both_touched: rules.bothTouched === 'stop_first' ? 'stop_first: a bar touching both the stop and the target is assumed to reach the stop first (pessimistic)' : 'target_first: a bar touching both the stop and the target is assumed to reach the target first (optimistic)',
    stops_from: rules.stopsFrom === 'entry_bar' ? 'entry_bar: stop-loss, take-profit and trailing stop work from the bar the entry filled on' : 'next_bar: stop-loss, take-profit and trailing stop work from the bar after the entry filled (backtrader bracket children)',
    time_in_force: 'GTC until cancelled; N bars: cancelled after the Nth bar after the one it was placed on; day: cancelled at the end of the session it was placed in (crypto: the UTC day)',
  };
}
