/**
 * Conditions between parameters (`slowPeriod > fastPeriod`): checked on every proposal before it runs. A
 * parameter is named by its full config path or, when no other parameter shares it, the path's last key.
 */
import type { ParamValue } from '../sweep/param-grid.ts';
import { compileExpression, type CompiledExpression } from './expression.ts';
import type { Dimension } from './space.ts';

export interface Condition {
  text: string;
  expression: CompiledExpression<boolean>;
}

/** Name -> parameter index. */
export function parameterNames(dims: readonly Dimension[]): Map<string, number> {
  const names = new Map<string, number>();
  const lastKeys = new Map<string, number[]>();
  dims.forEach((d, k) => {
    names.set(d.path, k);
    const last = d.path.split('.').pop()!;
    lastKeys.set(last, [...(lastKeys.get(last) ?? []), k]);
  });
  for (const [last, ks] of lastKeys) if (ks.length === 1 && !names.has(last)) names.set(last, ks[0]);
  return names;
}

export function parseCondition(text: string, dims: readonly Dimension[], path = '--condition'): Condition {
  return { text: text.trim(), expression: compileExpression(text, path, [...parameterNames(dims).keys()], 'condition') };
}

/** The first condition the values break, or null when all hold (a condition over a text value never holds). */
export function brokenCondition(conditions: readonly Condition[], dims: readonly Dimension[], values: readonly ParamValue[]): Condition | null {
  if (conditions.length === 0) return null;
  const scope: Record<string, number | null> = {};
  for (const [name, k] of parameterNames(dims)) {
    const v = values[k];
    scope[name] = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null;
  }
  return conditions.find((c) => c.expression.evaluate(scope) !== true) ?? null;
}
