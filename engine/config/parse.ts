import * as z from 'zod';
import { IndicatorManager } from '../indicators/indicator-manager.ts';
import { RuleError, validateRule } from '../rules/index.ts';
import { BarView, buildRuleScope } from '../strategy/rule-scope.ts';
import { depthProblem } from './depth.ts';
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

/** One problem per zod issue; an unknown-keys issue becomes one problem per key, at the key's own path. */
function issueProblems(i: z.core.$ZodIssue): ConfigProblem[] {
  if (i.code === 'unrecognized_keys') {
    return i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown key "${k}"` }));
  }
  return [{ path: formatPath(i.path), message: i.message }];
}

/** Parses one config; returns every problem instead of throwing. */
export function safeParseStrategyConfig(raw: unknown): { ok: true; config: StrategyConfig } | { ok: false; problems: ConfigProblem[] } {
  const deep = depthProblem(raw);
  if (deep) return { ok: false, problems: [deep] };
  const forbidden = forbiddenKeyPaths(raw).map((path) => ({ path, message: 'forbidden key (prototype pollution)' }));
  const result = StrategyConfigSchema.safeParse(raw);
  if (result.success) {
    const problems = [...forbidden, ...checkRules(result.data.rules, result.data.indicators, false, Object.keys(result.data.series ?? {}))];
    return problems.length === 0 ? { ok: true, config: result.data } : { ok: false, problems };
  }
  const schemaProblems = result.error.issues.flatMap(issueProblems).filter((p) => !forbidden.some((f) => f.path === p.path));
  // The rules are still checked, so one round trip shows every problem: against the indicators when that block
  // is valid, otherwise only for syntax (a name may be unknown merely because its indicator is broken).
  const problems = [...forbidden, ...schemaProblems];
  const obj = isRecord(raw) ? raw : {};
  const indicators = IndicatorsBlock.safeParse(obj.indicators ?? {});
  const rules = rawRules(obj.rules).filter(([key]) => !problems.some((p) => p.path.startsWith(`rules.${key}.condition`)));
  const aliases = isRecord(obj.series) ? Object.keys(obj.series) : [];
  problems.push(...checkRules(Object.fromEntries(rules), indicators.success ? indicators.data : {}, !indicators.success, aliases));
  return { ok: false, problems };
}

/** Parses one config or throws a ConfigError naming `source` (a file path, `request body`, ...). */
export function parseStrategyConfig(raw: unknown, source = 'config'): StrategyConfig {
  const r = safeParseStrategyConfig(raw);
  if (!r.ok) throw new ConfigError(source, r.problems);
  return r.config;
}

const IndicatorsBlock = StrategyConfigSchema.shape.indicators;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The `rules` entries of an unparsed config whose condition is a string (the only ones a rule check can read). */
function rawRules(rules: unknown): [string, { condition: string }][] {
  if (!isRecord(rules)) return [];
  const out: [string, { condition: string }][] = [];
  for (const [key, rule] of Object.entries(rules)) {
    if (FORBIDDEN_KEYS.has(key) || !isRecord(rule) || typeof rule.condition !== 'string') continue;
    out.push([key, { condition: rule.condition }]);
  }
  return out;
}

/**
 * Compiles every rule against the config's own indicators and series, so unknown names and syntax errors are config
 * errors. With `syntaxOnly`, only errors in the text itself are reported (the indicators are not known).
 */
function checkRules(
  rules: Record<string, { condition: string } | undefined> | undefined,
  indicators: StrategyConfig['indicators'],
  syntaxOnly: boolean,
  seriesAliases: readonly string[],
): ConfigProblem[] {
  if (!rules) return [];
  const scope = buildRuleScope(new IndicatorManager(indicators), new BarView(), new Map(seriesAliases.map((a) => [a, new BarView()])));
  const problems: ConfigProblem[] = [];
  for (const [key, rule] of Object.entries(rules)) {
    if (!rule) continue;
    const path = `rules.${key}.condition`;
    const err: RuleError | null = validateRule(rule.condition, scope, path);
    if (!err || (syntaxOnly && err.code !== 'syntax' && err.code !== 'empty')) continue;
    problems.push({ path, message: err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message });
  }
  return problems;
}
