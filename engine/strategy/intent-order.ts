import type { OrderSide, PositionSide } from '../types.ts';
import type { Intent } from './strategy.ts';

/** What an intent asks for here: an order (side, reason, whether it flips the position), a refusal with its reason, or nothing. */
export type IntentOrder = { side: OrderSide; reason: 'entry' | 'add' | 'exit'; reverse?: true } | { refused: 'maxEntries'; detail: string } | null;

/** What of the position and the config decides an intent's order. */
export interface IntentRules {
  allowShort: boolean;
  /** Entries per position (orders.maxEntries, default 1). */
  maxEntries?: number;
  /** Entries the open position has had. */
  entries?: number;
}

/**
 * The order an intent means, given the current position: BUY opens a long when flat, closes a short (or flips it
 * to a long with `reverse`), and adds to a long while it has had fewer than `maxEntries` entries; SELL mirrors it
 * (opening or adding to shorts only with allowShort); EXIT closes whatever is open. Returns null when the intent
 * means nothing here (BUY while long with one entry allowed, EXIT while flat, HOLD, CANCEL).
 */
export function orderForIntent(action: Intent['action'], position: PositionSide | null, allowShort: boolean | IntentRules, reverse = false): IntentOrder {
  // Called for every BUY or SELL intent on every bar: the answers are shared constants, nothing is allocated.
  const rules = typeof allowShort === 'boolean' ? null : allowShort;
  const shorts = rules === null ? (allowShort as boolean) : rules.allowShort;
  switch (action) {
    case 'BUY':
      if (position === 'long') return addOn(BUY_ADD, rules);
      if (position === 'short') return reverse ? BUY_FLIP : BUY_EXIT;
      return BUY_ENTRY;
    case 'SELL':
      if (position === 'short') return shorts ? addOn(SELL_ADD, rules) : null;
      if (position === 'long') return reverse && shorts ? SELL_FLIP : SELL_EXIT;
      return shorts ? SELL_ENTRY : null;
    case 'EXIT':
      return position === null ? null : position === 'long' ? SELL_EXIT : BUY_EXIT;
    default:
      return null;
  }
}

type Placed = Exclude<IntentOrder, null | { refused: string }>;
const BUY_ENTRY: Placed = Object.freeze({ side: 'buy', reason: 'entry' });
const SELL_ENTRY: Placed = Object.freeze({ side: 'sell', reason: 'entry' });
const BUY_EXIT: Placed = Object.freeze({ side: 'buy', reason: 'exit' });
const SELL_EXIT: Placed = Object.freeze({ side: 'sell', reason: 'exit' });
const BUY_FLIP: Placed = Object.freeze({ side: 'buy', reason: 'exit', reverse: true });
const SELL_FLIP: Placed = Object.freeze({ side: 'sell', reason: 'exit', reverse: true });
const BUY_ADD: Placed = Object.freeze({ side: 'buy', reason: 'add' });
const SELL_ADD: Placed = Object.freeze({ side: 'sell', reason: 'add' });

/** An add-on while the position has had fewer than maxEntries entries; a refusal at the cap; nothing with one entry allowed. */
function addOn(order: Placed, rules: IntentRules | null): IntentOrder {
  const max = rules?.maxEntries ?? 1;
  if (max <= 1) return null;
  const entries = rules?.entries ?? 1;
  if (entries >= max) return { refused: 'maxEntries', detail: `the position already has ${entries} of at most ${max} entries (orders.maxEntries)` };
  return order;
}
