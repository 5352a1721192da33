import { mergeConfig } from '../../../engine/config/merge.ts';
import { safeParseStrategyConfig } from '../../../engine/config/parse.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';

export type ParamValue = number | string | boolean;

/** One swept parameter: a dotted path into the strategy config and the values it takes, in order. */
export interface ParamSpec {
  path: string;
  values: ParamValue[];
}

/** A malformed --param (the CLI reports it as a usage error). */
export class ParamSpecError extends Error {}

/** Grids larger than this are refused: they are almost always a typo in a range. */
export const MAX_COMBINATIONS = 100_000;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function scalar(text: string): ParamValue {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

/** `a + i·step` without accumulated float error showing (0.1 + 2·0.1 is 0.3, not 0.30000000000000004). */
function stepValue(a: number, step: number, i: number): number {
  return Number((a + i * step).toPrecision(12));
}

/**
 * Parses `path=spec`: `a:b:step` is the inclusive range a, a+step, ... ≤ b (`a:b` steps by 1); `a,b,c` a
 * list (numbers, true/false, or text); a single value is a one-value list.
 */
export function parseParamSpec(text: string): ParamSpec {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new ParamSpecError(`--param "${text}": expected path=values, e.g. indicators.rsi.period=7:21:7 or risk.stopLoss=0.01,0.02`);
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const keys = path.split('.');
  for (const k of keys) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) throw new ParamSpecError(`--param "${text}": "${path}" is not a dotted config path (e.g. indicators.rsi.period)`);
    if (FORBIDDEN.has(k)) throw new ParamSpecError(`--param "${text}": forbidden key "${k}"`);
  }
  if (spec.includes(':')) {
    const parts = spec.split(':');
    if (parts.length > 3 || parts.some((p) => !NUMBER.test(p.trim()))) throw new ParamSpecError(`--param "${text}": a range is start:end or start:end:step, all numbers`);
    const [a, b, step] = [Number(parts[0]), Number(parts[1]), parts.length === 3 ? Number(parts[2]) : 1];
    if (!(step > 0)) throw new ParamSpecError(`--param "${text}": the step must be > 0`);
    if (b < a) throw new ParamSpecError(`--param "${text}": the range end ${b} is below its start ${a}`);
    const n = Math.floor((b - a) / step + 1e-9) + 1;
    if (n > MAX_COMBINATIONS) throw new ParamSpecError(`--param "${text}": ${n} values is too many`);
    return { path, values: Array.from({ length: n }, (_, i) => stepValue(a, step, i)) };
  }
  const values = spec.split(',').map(scalar);
  if (values.some((v) => v === '')) throw new ParamSpecError(`--param "${text}": empty value in the list`);
  return { path, values };
}

/** Checks a set of specs: distinct paths, at least one, a grid of bounded size. Returns the combination count. */
export function gridSize(specs: readonly ParamSpec[]): number {
  if (specs.length === 0) throw new ParamSpecError('give at least one --param path=values');
  const seen = new Set<string>();
  let n = 1;
  for (const s of specs) {
    if (seen.has(s.path)) throw new ParamSpecError(`--param ${s.path} is given twice`);
    for (const other of seen) {
      if (s.path.startsWith(`${other}.`) || other.startsWith(`${s.path}.`)) throw new ParamSpecError(`--param ${s.path} overlaps --param ${other}`);
    }
    seen.add(s.path);
    n *= s.values.length;
  }
  if (n > MAX_COMBINATIONS) throw new ParamSpecError(`the grid has ${n} combinations, more than ${MAX_COMBINATIONS}`);
  return n;
}

/** The values of combination `index`: row-major, the first parameter varying slowest. */
export function combinationValues(specs: readonly ParamSpec[], index: number): ParamValue[] {
  const out: ParamValue[] = new Array(specs.length);
  let rest = index;
  for (let k = specs.length - 1; k >= 0; k--) {
    const n = specs[k].values.length;
    out[k] = specs[k].values[rest % n];
    rest = Math.floor(rest / n);
  }
  return out;
}

/** `{indicators: {rsi: {period: 7}}, ...}` for the given values. */
export function partialConfig(specs: readonly ParamSpec[], values: readonly ParamValue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  specs.forEach((s, k) => {
    const keys = s.path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = values[k];
  });
  return root;
}

/**
 * The base config deep-merged with one combination's values and parsed again, so every combination passes
 * the same schema and rule checks as a config file; an invalid one comes back with its reason.
 */
export function applyParams(base: StrategyConfig, specs: readonly ParamSpec[], values: readonly ParamValue[]): { ok: true; config: StrategyConfig } | { ok: false; reason: string } {
  let merged: Record<string, unknown>;
  try {
    merged = mergeConfig(base, partialConfig(specs, values));
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const r = safeParseStrategyConfig(merged);
  if (r.ok) return { ok: true, config: r.config };
  return { ok: false, reason: r.problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ') };
}
