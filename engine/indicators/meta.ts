import type { IndicatorType } from './config.ts';

/** What the rule language needs to know about an indicator type. */
export interface IndicatorDescription {
  readonly type: IndicatorType;
  /** 'multi' when the value is an object of named fields (`macd.signal`, `bb.upper`). */
  readonly output: 'single' | 'multi';
  /** True when values are comparable to the price itself (moving averages, bands), so `close` may cross them. */
  readonly priceScale: boolean;
}

interface TypeMeta extends IndicatorDescription {
  /** Output fields of a multi-output type, primary first (a bare `name` reads the primary field). */
  readonly fields: readonly string[];
  /** Config parameters readable as constant fields (`rsi.overbought`). */
  readonly constants: readonly string[];
}

const meta = (type: IndicatorType, priceScale: boolean, fields: readonly string[] = [], constants: readonly string[] = []): TypeMeta => ({
  type,
  output: fields.length > 0 ? 'multi' : 'single',
  priceScale,
  fields,
  constants,
});

/** Per-type metadata. */
export const INDICATOR_META: Readonly<Record<IndicatorType, TypeMeta>> = {
  sma: meta('sma', true),
  ema: meta('ema', true),
  rsi: meta('rsi', false, [], ['overbought', 'oversold']),
  macd: meta('macd', false, ['macd', 'signal', 'histogram']),
  bollinger: meta('bollinger', true, ['middle', 'upper', 'lower']),
  atr: meta('atr', false),
};
