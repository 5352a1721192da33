import type { OrderSide, PositionSide } from '../types.ts';
import type { Intent } from './strategy.ts';

/**
 * The order an intent means, given the current position: BUY opens a long when flat or closes a short; SELL
 * closes a long, or opens a short when flat and shorts are allowed; EXIT closes whatever is open. Returns
 * null when the intent means nothing here (BUY while long, SELL while short, EXIT while flat, HOLD).
 */
export function orderForIntent(action: Intent['action'], position: PositionSide | null, allowShort: boolean): { side: OrderSide; reason: 'entry' | 'exit' } | null {
  switch (action) {
    case 'BUY':
      return position === 'long' ? null : { side: 'buy', reason: position === 'short' ? 'exit' : 'entry' };
    case 'SELL':
      if (position === 'short' || (position === null && !allowShort)) return null;
      return { side: 'sell', reason: position === 'long' ? 'exit' : 'entry' };
    case 'EXIT':
      return position === null ? null : { side: position === 'long' ? 'sell' : 'buy', reason: 'exit' };
    default:
      return null;
  }
}
