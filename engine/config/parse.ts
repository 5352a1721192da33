import * as z from 'zod';
import { StrategyConfigSchema, type StrategyConfig } from './schema.ts';

/** One problem in a config, with the path to the offending value (`rules.entry.condition`, `indicators.macd.fastPeriod`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Thrown for an invalid config; lists every problem, never only the first. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${source}: invalid strategy config\n${problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Paths of keys that could pollute prototypes if the object were ever merged naively. */
function forbiddenKeyPaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    const here = [...path, key];
    if (FORBIDDEN_KEYS.has(key)) out.push(here.join('.'));
    forbiddenKeyPaths((value as Record<string, unknown>)[key], here, out);
  }
  return out;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/** Parses one config; returns every problem instead of throwing. */
export function safeParseStrategyConfig(raw: unknown): { ok: true; config: StrategyConfig } | { ok: false; problems: ConfigProblem[] } {
  const bad = forbiddenKeyPaths(raw);
  if (bad.length > 0) return { ok: false, problems: bad.map((path) => ({ path, message: 'forbidden key (prototype pollution)' })) };
  const result = StrategyConfigSchema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i: z.core.$ZodIssue) => ({ path: formatPath(i.path), message: i.message })),
  };
}

/** Parses one config or throws a ConfigError naming `source` (a file path, `request body`, ...). */
export function parseStrategyConfig(raw: unknown, source = 'config'): StrategyConfig {
  const r = safeParseStrategyConfig(raw);
  if (!r.ok) throw new ConfigError(source, r.problems);
  return r.config;
}
