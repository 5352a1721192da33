/**
 * Indicator configs: zod schemas parsed once at the boundary (a strategy file's `indicators` block), built from
 * the registry. Parsing normalises: defaults filled in, `source` explicit, alias types rewritten ('bb' →
 * 'bollinger'). An unknown `type` is reported with the closest known type ("did you mean").
 */
import * as z from 'zod';
import { acceptedTypes, findDescriptor, INDICATORS, unknownTypeMessage, type IndicatorConfig, type IndicatorType } from './registry.ts';

export { MAX_PERIOD } from './kit/params.ts';
export type { IndicatorConfig, IndicatorType } from './registry.ts';

/** Canonical indicator types, in registry order. */
export const INDICATOR_TYPES: readonly IndicatorType[] = INDICATORS.map((d) => d.type);

/** Input-only aliases and the type each becomes. */
export const INDICATOR_TYPE_ALIASES: Readonly<Record<string, IndicatorType>> = Object.fromEntries(
  INDICATORS.flatMap((d) => d.aliases.map((a) => [a, d.type as IndicatorType])),
);

type Options = [z.ZodObject, ...z.ZodObject[]];

/** Any indicator config, discriminated on `type` (its JSON Schema is one variant per type). */
export const IndicatorConfigSchema = z.discriminatedUnion('type', INDICATORS.map((d) => d.schema) as unknown as Options) as unknown as z.ZodType<
  IndicatorConfig,
  IndicatorConfigInput
>;

/** What a config file may say before parsing (defaults optional, alias types allowed). */
export interface IndicatorConfigInput {
  readonly type: string;
  readonly [param: string]: unknown;
}

/** Names usable in rules (`fast`, `rsi_14`): identifiers, so `name.field` paths are unambiguous. */
export const INDICATOR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses one indicator config, reporting issues into `ctx` under `path`. An unknown or missing `type` gets one
 * issue at `path.type` naming the closest known type, instead of zod's bare discriminator message.
 */
export function parseIndicatorInto(raw: unknown, ctx: z.RefinementCtx, path: readonly PropertyKey[]): IndicatorConfig | undefined {
  const obj = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (obj === null) {
    ctx.addIssue({ code: 'custom', path: [...path], message: 'an indicator is an object such as {"type": "ema", "period": 9}' });
    return undefined;
  }
  if (typeof obj.type !== 'string' || findDescriptor(obj.type) === undefined) {
    const message = obj.type === undefined ? `missing "type" (one of ${acceptedTypes().join(', ')})` : unknownTypeMessage(obj.type);
    ctx.addIssue({ code: 'custom', path: [...path, 'type'], message });
    return undefined;
  }
  const parsed = IndicatorConfigSchema.safeParse(obj);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as z.core.$ZodRawIssue);
  return undefined;
}

/** A `name → config` block, as a strategy declares its indicators. */
export const IndicatorsConfigSchema = z
  .record(z.string().regex(INDICATOR_NAME_PATTERN, 'indicator names are identifiers (letters, digits, _)'), z.unknown())
  .transform((raw, ctx) => {
    const out: Record<string, IndicatorConfig> = {};
    for (const [name, value] of Object.entries(raw)) {
      const config = parseIndicatorInto(value, ctx, [name]);
      if (config !== undefined) out[name] = config;
    }
    return out;
  });
