import type { IndicatorType } from './config.ts';
import { INDICATORS } from './registry.ts';

/** What the rule language and charts need to know about an indicator type. */
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

/** Per-type metadata, derived from the registry. */
export const INDICATOR_META: Readonly<Record<IndicatorType, TypeMeta>> = Object.fromEntries(
  INDICATORS.map((d) => [
    d.type,
    { type: d.type, output: d.fields.length > 0 ? 'multi' : 'single', priceScale: d.scale === 'price', fields: d.fields, constants: d.constants },
  ]),
) as unknown as Record<IndicatorType, TypeMeta>;
