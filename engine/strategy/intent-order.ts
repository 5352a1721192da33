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
  const rules: IntentRules = typeof allowShort === 'boolean' ? { allowShort } : allowShort;
  const max = rules.maxEntries ?? 1;
  const add = (side: OrderSide): IntentOrder => {
    if (max <= 1) return null;
    if ((rules.entries ?? 1) >= max) return { refused: 'maxEntries', detail: `the position already has ${rules.entries ?? 1} of at most ${max} entries (orders.maxEntries)` };
    return { side, reason: 'add' };
  };
  switch (action) {
    case 'BUY':
      if (position === 'long') return add('buy');
      if (position === 'short') return reverse ? { side: 'buy', reason: 'exit', reverse: true } : { side: 'buy', reason: 'exit' };
      return { side: 'buy', reason: 'entry' };
    case 'SELL':
      if (position === 'short') return rules.allowShort ? add('sell') : null;
      if (position === 'long') return reverse && rules.allowShort ? { side: 'sell', reason: 'exit', reverse: true } : { side: 'sell', reason: 'exit' };
      return rules.allowShort ? { side: 'sell', reason: 'entry' } : null;
    case 'EXIT':
      return position === null ? null : { side: position === 'long' ? 'sell' : 'buy', reason: 'exit' };
    default:
      return null;
  }
}
