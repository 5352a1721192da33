import type { Candle } from '../types.ts';

/**
 * Streaming indicator contract. Every implementation:
 * - `update(input)` consumes the next closed value and returns the current output, or null while warming up;
 * - `replace(input)` swaps the most recent input (an in-progress candle that changed) and returns the output
 *   as if that input had been given to `update` instead; `update(x); replace(x)` leaves the state unchanged;
 * - is O(1) per update and allocates nothing per update (multi-output indicators reuse one result object:
 *   copy it if you keep it);
 * - has `warmup`: the number of inputs after which `update` first returns non-null.
 */
export interface Indicator<In, Out> {
  readonly warmup: number;
  update(input: In): Out | null;
  replace(input: In): Out | null;
  readonly value: Out | null;
  readonly isReady: boolean;
  reset(): void;
}

/** Which candle field feeds a single-input indicator. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4';

/** Input of indicators that need the whole bar (ATR). */
export type BarInput = Pick<Candle, 'high' | 'low' | 'close'>;

/**
 * An indicator that can also be fed whole candles, so a manager can drive every kind uniformly:
 * single-input indicators pick their configured `source` field, bar indicators (ATR) take the bar itself.
 */
export interface CandleIndicator<In, Out> extends Indicator<In, Out> {
  updateBar(candle: Candle): Out | null;
  replaceBar(candle: Candle): Out | null;
}
