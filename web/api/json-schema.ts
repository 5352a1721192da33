import { strategyConfigJsonSchema as engineSchema } from '../../engine/config/json-schema.ts';

let cached: Record<string, unknown> | null = null;

/** The strategy config JSON Schema the engine publishes (the same one editors and `strata schema` use). */
export async function strategyConfigJsonSchema(): Promise<Record<string, unknown>> {
  cached ??= engineSchema() as Record<string, unknown>;
  return cached;
}
