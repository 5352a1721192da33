/**
 * Indicator configs: zod schemas parsed once at the boundary (a strategy file's `indicators` block).
 * Parsing normalises: defaults filled in, `source` explicit, the alias type 'bb' rewritten to 'bollinger'.
 */
import * as z from 'zod';
import { PRICE_SOURCES } from './source.ts';

/** Canonical indicator types (the input alias 'bb' normalises to 'bollinger'). */
export const INDICATOR_TYPES = ['sma', 'ema', 'rsi', 'macd', 'bollinger', 'atr'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Input-only aliases and the type each becomes. */
export const INDICATOR_TYPE_ALIASES: Readonly<Record<string, IndicatorType>> = { bb: 'bollinger' };

/** Largest accepted period (TA-Lib's own limit). */
export const MAX_PERIOD = 100_000;

const period = z.number().int().positive().max(MAX_PERIOD);
const source = z.enum(PRICE_SOURCES).default('close');
const seeding = z.enum(['talib', 'first']).default('talib');
const level = z.number().min(0).max(100);

export const SMAConfigSchema = z.strictObject({
  type: z.literal('sma'),
  period,
  source,
});

export const EMAConfigSchema = z.strictObject({
  type: z.literal('ema'),
  period,
  source,
  seeding,
});

export const RSIConfigSchema = z
  .strictObject({
    type: z.literal('rsi'),
    period: period.min(2).default(14),
    overbought: level.default(70),
    oversold: level.default(30),
    source,
  })
  .refine((c) => c.oversold < c.overbought, { path: ['oversold'], message: 'oversold must be below overbought' });

export const MACDConfigSchema = z
  .strictObject({
    type: z.literal('macd'),
    fastPeriod: period.default(12),
    slowPeriod: period.default(26),
    signalPeriod: period.default(9),
    source,
    seeding,
  })
  .refine((c) => c.fastPeriod < c.slowPeriod, { path: ['fastPeriod'], message: 'fastPeriod must be less than slowPeriod' });

export const BollingerConfigSchema = z
  .strictObject({
    type: z.literal(['bollinger', 'bb']),
    period: period.default(20),
    stdDev: z.number().positive().max(100).default(2),
    source,
  })
  .transform((c) => ({ ...c, type: 'bollinger' as const }));

export const ATRConfigSchema = z.strictObject({
  type: z.literal('atr'),
  period: period.default(14),
});

/** Any indicator config, discriminated on `type`. */
export const IndicatorConfigSchema = z.discriminatedUnion('type', [
  SMAConfigSchema,
  EMAConfigSchema,
  RSIConfigSchema,
  MACDConfigSchema,
  BollingerConfigSchema,
  ATRConfigSchema,
]);

/** A parsed, normalised indicator config. */
export type IndicatorConfig = z.output<typeof IndicatorConfigSchema>;
/** What a config file may say before parsing (defaults optional, alias types allowed). */
export type IndicatorConfigInput = z.input<typeof IndicatorConfigSchema>;

export type SMAConfig = z.output<typeof SMAConfigSchema>;
export type EMAConfig = z.output<typeof EMAConfigSchema>;
export type RSIConfig = z.output<typeof RSIConfigSchema>;
export type MACDConfig = z.output<typeof MACDConfigSchema>;
export type BollingerConfig = z.output<typeof BollingerConfigSchema>;
export type ATRConfig = z.output<typeof ATRConfigSchema>;

/** Names usable in rules (`fast`, `rsi_14`): identifiers, so `name.field` paths are unambiguous. */
export const INDICATOR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A `name → config` block, as a strategy declares its indicators. */
export const IndicatorsConfigSchema = z.record(
  z.string().regex(INDICATOR_NAME_PATTERN, 'indicator names are identifiers (letters, digits, _)'),
  IndicatorConfigSchema,
);
