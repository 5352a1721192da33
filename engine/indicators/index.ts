/** The indicator library: streaming TA-Lib-compatible indicators, their configs and the per-strategy manager. */
export type { BarInput, CandleIndicator, Indicator, PriceSource } from './indicator.ts';
export { PRICE_SOURCES, priceOf, sourcePicker, type SourcePicker } from './source.ts';
export { SingleInputIndicator } from './single-input.ts';
export { SMAIndicator, type SMAParams } from './sma.ts';
export { EMAIndicator, type EMAParams, type EMASeeding } from './ema.ts';
export { RSIIndicator, type RSIParams } from './rsi.ts';
export { MACDIndicator, type MACDParams, type MACDResult } from './macd.ts';
export { BollingerIndicator, type BollingerParams, type BollingerResult } from './bollinger.ts';
export { ATRIndicator, type ATRParams } from './atr.ts';
export {
  ATRConfigSchema,
  BollingerConfigSchema,
  EMAConfigSchema,
  INDICATOR_NAME_PATTERN,
  INDICATOR_TYPE_ALIASES,
  INDICATOR_TYPES,
  IndicatorConfigSchema,
  IndicatorsConfigSchema,
  MACDConfigSchema,
  MAX_PERIOD,
  RSIConfigSchema,
  SMAConfigSchema,
  type ATRConfig,
  type BollingerConfig,
  type EMAConfig,
  type IndicatorConfig,
  type IndicatorConfigInput,
  type IndicatorType,
  type MACDConfig,
  type RSIConfig,
  type SMAConfig,
} from './config.ts';
export { createIndicator, type AnyIndicator } from './create.ts';
export { INDICATOR_META, type IndicatorDescription } from './meta.ts';
export { IndicatorManager, type ValueGetter } from './indicator-manager.ts';
