/**
 * One descriptor per indicator: everything the rest of Strata needs to know about an indicator type (its config
 * schema with TA-Lib's defaults, factory, output fields, named events, chart scale, warm-up, input series), so
 * the config schema, JSON Schema, rule scope, getters, notebooks and docs are all read from `registry.ts`.
 */
import * as z from 'zod';
import type { CandleIndicator, PriceSource } from './indicator.ts';

/** Where a chart draws the indicator: on the price axis, or in its own pane (oscillators, volume lines). */
export type ChartScale = 'price' | 'oscillator' | 'volume';

/**
 * A named boolean event a rule can use (`stoch_crossover_bullish`): `a` crosses `b` in `direction`. Paths are
 * rule names: `close`, the indicator's own name, or `name.field`.
 */
export interface NamedEvent {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly direction: 'above' | 'below';
}

/**
 * The inputs an indicator reads from a price series: the series it is computed on (the strategy's own, or
 * the one its `series` names), except `bindable` inputs, which `<param>Series` may point at another declared
 * series (the second input of beta and correl: `input1Series`). `param` names the config key that picks the
 * candle field.
 */
export interface SeriesInput {
  readonly param: string;
  readonly default: PriceSource;
  readonly bindable: boolean;
}

export interface SeriesBinding {
  readonly inputs: readonly SeriesInput[];
}

/** A config of one indicator type after parsing (defaults filled in, alias types rewritten). */
export type ConfigOf<T extends string, S extends z.ZodRawShape> = { readonly type: T } & z.output<z.ZodObject<S>>;

export interface IndicatorDescriptor<T extends string = string, C extends { readonly type: string } = { readonly type: string }> {
  /** Config `type`: TA-Lib's function name in lower case for TA-Lib functions. */
  readonly type: T;
  /** Other accepted `type` spellings, rewritten to `type` by parsing (`bb` → `bollinger`). */
  readonly aliases: readonly string[];
  readonly title: string;
  /** Where the definition comes from (TA-Lib source file, or the cited author). */
  readonly reference: string;
  /** The config schema: `type` plus the parameters (strict, defaults filled in). */
  readonly schema: z.ZodType<C>;
  /** Parameter names in documentation order. */
  readonly params: readonly string[];
  /** Output fields, primary first; [] for a single number. */
  readonly fields: readonly string[];
  /** Config parameters rules may read as constants (`rsi.overbought`). */
  readonly constants: readonly string[];
  readonly scale: ChartScale;
  /** Inputs before the first output (TA-Lib's `_Lookback`); warm-up = lookback + 1. */
  lookback(config: C): number;
  create(config: C): CandleIndicator<unknown, unknown>;
  /** Named events of an indicator called `name` with this config. */
  events(name: string, config: C): readonly NamedEvent[];
  /** Which inputs read which series (`bindable` ones may read another declared series). */
  readonly series: SeriesBinding;
}

/** Any descriptor, whatever its config type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDescriptor = IndicatorDescriptor<string, any>;

interface Definition<T extends string, S extends z.ZodRawShape> {
  type: T;
  aliases?: readonly string[];
  title: string;
  reference: string;
  params: S;
  /** Cross-field checks; return the offending parameter and the message, or null. */
  check?: (config: ConfigOf<T, S>) => { path: string; message: string } | null;
  fields?: readonly string[];
  constants?: readonly string[];
  scale: ChartScale;
  lookback: (config: ConfigOf<T, S>) => number;
  create: (config: ConfigOf<T, S>) => CandleIndicator<never, unknown>;
  events?: (name: string, config: ConfigOf<T, S>) => readonly NamedEvent[];
  series?: SeriesBinding;
}

const SELF_CLOSE: SeriesBinding = { inputs: [{ param: 'source', default: 'close', bindable: false }] };
const WHOLE_BAR: SeriesBinding = { inputs: [] };

/** Builds a descriptor: the schema is `{type, ...params}`, strict, with `check` as a refinement. */
export function defineIndicator<const T extends string, S extends z.ZodRawShape>(d: Definition<T, S>): IndicatorDescriptor<T, ConfigOf<T, S>> {
  const aliases = d.aliases ?? [];
  const typeSchema = aliases.length > 0 ? z.literal([d.type, ...aliases]) : z.literal(d.type);
  let object: z.ZodType = z.strictObject({ type: typeSchema, ...d.params });
  if (d.check) {
    const check = d.check;
    object = object.superRefine((c, ctx) => {
      const issue = check(c as ConfigOf<T, S>);
      if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    });
  }
  if (aliases.length > 0) object = object.transform((c) => ({ ...(c as object), type: d.type }));
  const fields = d.fields ?? [];
  const scale = d.scale;
  const singlePrice = fields.length === 0 && scale === 'price';
  return {
    type: d.type,
    aliases,
    title: d.title,
    reference: d.reference,
    schema: object as unknown as z.ZodType<ConfigOf<T, S>>,
    params: Object.keys(d.params),
    fields,
    constants: d.constants ?? [],
    scale,
    lookback: d.lookback,
    create: d.create as (config: ConfigOf<T, S>) => CandleIndicator<unknown, unknown>,
    // Price-scale single lines (moving averages, SAR) get "close crosses the line" unless they say otherwise.
    events: d.events ?? ((name) => (singlePrice ? crossPair(name, 'close', name) : [])),
    series: d.series ?? ('source' in d.params ? SELF_CLOSE : WHOLE_BAR),
  };
}

/** `<prefix>_crossover_bullish` (a crosses above b) and `<prefix>_crossover_bearish` (a crosses below b). */
export function crossPair(prefix: string, a: string, b: string): NamedEvent[] {
  return [
    { name: `${prefix}_crossover_bullish`, a, b, direction: 'above' },
    { name: `${prefix}_crossover_bearish`, a, b, direction: 'below' },
  ];
}
