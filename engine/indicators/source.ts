import type { Candle } from '../types.ts';
import type { PriceSource } from './indicator.ts';

/** Every accepted `source` value, in a stable order (configs and docs list them from here). */
export const PRICE_SOURCES = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const satisfies readonly PriceSource[];

/** Reads one number out of a candle; chosen once per indicator so the hot path does no string work. */
export type SourcePicker = (candle: Candle) => number;

const PICKERS: Readonly<Record<PriceSource, SourcePicker>> = {
  open: (c) => c.open,
  high: (c) => c.high,
  low: (c) => c.low,
  close: (c) => c.close,
  volume: (c) => c.volume,
  hl2: (c) => (c.high + c.low) / 2,
  hlc3: (c) => (c.high + c.low + c.close) / 3,
  ohlc4: (c) => (c.open + c.high + c.low + c.close) / 4,
};

/** The picker for `source`; throws naming the field on an unknown source. */
export function sourcePicker(source: PriceSource): SourcePicker {
  const pick = Object.hasOwn(PICKERS, source) ? PICKERS[source] : undefined;
  if (pick === undefined) throw new Error(`source must be one of ${PRICE_SOURCES.join(', ')}; got ${String(source)}`);
  return pick;
}

/** The value of `source` in `candle` (convenience; indicators keep a picker instead). */
export function priceOf(candle: Candle, source: PriceSource): number {
  return sourcePicker(source)(candle);
}
