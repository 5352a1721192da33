import * as z from 'zod';
import { IndicatorConfigSchema, INDICATOR_NAME_PATTERN } from '../indicators/config.ts';
import { FUNCTIONS } from '../rules/functions.ts';
import { StrategyConfigSchema } from './schema.ts';
import { SERIES_ALIAS_PATTERN } from './series.ts';
import { describeFields } from './json-schema-notes.ts';

type Json = Record<string, unknown>;

const SERIES_BINDING: Json = { type: 'string', description: 'Alias of a declared informative series ("series" block) this indicator is computed on; absent: the primary series.' };

/**
 * The JSON Schema (draft 2020-12) of strategy config files, generated from the zod schema so the two cannot
 * disagree. Editors use it for completion through a config's `"$schema": "./strategy.schema.json"`.
 *
 * zod describes almost everything itself. Three things it cannot see through are filled in here:
 * - `indicators` is parsed by a transform (the `"macd": {...}` shorthand), which zod renders as "any object";
 *   here each entry is one of the indicator configs, and an entry named after its type may omit `type`;
 * - `timeframe` is checked by a function; here it gets the equivalent pattern;
 * - "either rules or a module" is a refinement; here it is a `oneOf` on the required keys;
 * - a rule's `condition` is a string in the rule language; here its description lists the grammar's pieces;
 * - the order-model and margin fields get their descriptions from json-schema-notes.ts.
 */
export function strategyConfigJsonSchema(): Json {
  const root = z.toJSONSchema(StrategyConfigSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const props = root.properties as Record<string, Json>;
  const variants = (z.toJSONSchema(IndicatorConfigSchema, { io: 'input' }) as { oneOf: Json[] }).oneOf;
  const defs: Record<string, Json> = { indicator: { oneOf: variants.map((v) => ({ $ref: `#/$defs/${typeOf(v)[0]}` })) } };
  const byName: Record<string, Json> = {};
  for (const variant of variants) {
    // `series` is taken off by the strategy schema before an indicator's own schema sees the entry.
    const v: Json = { ...variant, properties: { ...(variant.properties as Json), series: SERIES_BINDING } };
    const [canonical, ...aliases] = typeOf(v);
    defs[canonical] = v;
    // Shorthand: named after its type, `type` may be left out (or given, even as another type).
    const untyped = { ...v, required: (v.required as string[]).filter((k) => k !== 'type') };
    for (const name of [canonical, ...aliases]) byName[name] = { anyOf: [untyped, { $ref: '#/$defs/indicator' }] };
  }
  props.indicators = {
    description: 'Named indicators. An entry named after its type ("macd", "rsi", ...) may omit "type"; any other name needs it.',
    default: {},
    type: 'object',
    propertyNames: { type: 'string', pattern: INDICATOR_NAME_PATTERN.source },
    properties: byName,
    additionalProperties: { $ref: '#/$defs/indicator' },
  };
  const timeframe = { description: 'Bar length: a positive number and a unit (s, m, h, d, w), e.g. 15m, 1h, 4h, 1d.', pattern: '^[0-9]*[1-9][0-9]*[smhdw]$' };
  props.timeframe = { ...props.timeframe, ...timeframe };
  const seriesEntry = (props.series as { additionalProperties?: { properties: Record<string, Json> } } | undefined)?.additionalProperties;
  if (seriesEntry) seriesEntry.properties.timeframe = { ...seriesEntry.properties.timeframe, ...timeframe };
  if (props.series) props.series = { ...props.series, propertyNames: { type: 'string', pattern: SERIES_ALIAS_PATTERN.source }, description: 'Informative series by alias: other timeframes of the symbol ({"timeframe": "4h"}) or other symbols ({"symbol": "ETH/USDT", "timeframe": "15m"}). Rules read them as close@alias; indicators bind with "series": "alias".' };
  props.module = { ...props.module, description: 'A TypeScript/JavaScript module exporting a StrategyFactory, relative to the config file.' };
  describeFields(root);
  for (const rule of Object.values((props.rules as { properties: Record<string, { properties: Record<string, Json> }> }).properties)) {
    rule.properties.condition = { ...rule.properties.condition, description: CONDITION_HELP };
  }
  return {
    $schema: root.$schema,
    title: 'Strata strategy config',
    description: 'One strategy: a market, a timeframe, indicators and either JSON rules or a code module. See engine/config/schema.ts.',
    ...root,
    oneOf: [{ required: ['rules'] }, { required: ['module'] }],
    $defs: defs,
  };
}

const CONDITION_HELP =
  'A rule (backtest/REFERENCE.md, "Rule language"): comparisons (< <= > >= == !=) of bar fields (open high low close volume hl2), ' +
  'indicators and their fields (macd.histogram, rsi.oversold), numbers and + - * /, joined by AND, OR, NOT; named events ' +
  '(macd_crossover_bullish); x[n] is x n closed bars ago; name@series reads a declared series. E.g. close > highest(high, 20)[1] AND rsi < 70. ' +
  'Functions (n a whole number): ' +
  `${Object.values(FUNCTIONS).map((f) => f.signature).join(', ')}.`;

/** The type names an indicator variant accepts, canonical first (`bollinger`, then its alias `bb`). */
function typeOf(variant: Json): string[] {
  const type = (variant.properties as Record<string, { const?: string; enum?: string[] }>).type;
  return type.enum ?? [type.const!];
}

/** The schema as the committed file holds it: two-space JSON with a final newline. */
export function strategyConfigJsonSchemaText(): string {
  return `${JSON.stringify(strategyConfigJsonSchema(), null, 2)}\n`;
}
