/** The indicator library: streaming TA-Lib-compatible indicators, their registry and configs, and the per-strategy manager. */
export type { BarInput, CandleIndicator, Indicator, PriceSource } from './indicator.ts';
export { PRICE_SOURCES, priceOf, sourcePicker, type SourcePicker } from './source.ts';
export { SingleInputIndicator } from './single-input.ts';
export { SMAIndicator, type SMAParams } from './sma.ts';
export { EMAIndicator, type EMAParams, type EMASeeding } from './ema.ts';
export { RSIIndicator, type RSIParams } from './rsi.ts';
export { MACDIndicator, type MACDParams, type MACDResult } from './macd.ts';
export { BollingerIndicator, type BollingerParams, type BollingerResult } from './bollinger.ts';
export { ATRIndicator, type ATRParams } from './atr.ts';
export type { AnyDescriptor, ChartScale, IndicatorDescriptor, NamedEvent, SeriesBinding, SeriesInput } from './descriptor.ts';
export { acceptedTypes, descriptorOf, findDescriptor, INDICATORS, unknownTypeMessage } from './registry.ts';
export {
  INDICATOR_NAME_PATTERN,
  INDICATOR_TYPE_ALIASES,
  INDICATOR_TYPES,
  IndicatorConfigSchema,
  IndicatorsConfigSchema,
  MAX_PERIOD,
  parseIndicatorInto,
  type IndicatorConfig,
  type IndicatorConfigInput,
  type IndicatorType,
} from './config.ts';
export { createIndicator, type AnyIndicator } from './create.ts';
export { INDICATOR_META, type IndicatorDescription } from './meta.ts';
export { IndicatorManager, type ValueGetter } from './indicator-manager.ts';
