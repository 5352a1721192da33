/**
 * Expressions over named numbers (objectives over metrics, constraints, conditions between parameters), parsed
 * by the strategy rule language's parser so they read the same and fail the same way: the message names the
 * option, the column, a caret under the offending text and a "did you mean" for a misspelt name.
 */
import type { RuleNode } from '../../../engine/rules/ast.ts';
import { RuleError, type RuleErrorCode } from '../../../engine/rules/errors.ts';
import { parseRule } from '../../../engine/rules/parser.ts';
import { closest } from '../../../engine/rules/suggest.ts';

type Kind = 'number' | 'condition';

/** Functions an expression may call, with their arity (min, max). */
const FUNCTIONS: Readonly<Record<string, { min: number; max: number; fn: (xs: number[]) => number }>> = {
  abs: { min: 1, max: 1, fn: ([x]) => Math.abs(x) },
  sqrt: { min: 1, max: 1, fn: ([x]) => Math.sqrt(x) },
  log: { min: 1, max: 1, fn: ([x]) => Math.log(x) },
  exp: { min: 1, max: 1, fn: ([x]) => Math.exp(x) },
  min: { min: 2, max: 16, fn: (xs) => Math.min(...xs) },
  max: { min: 2, max: 16, fn: (xs) => Math.max(...xs) },
};

/** A checked expression: its text, the names it reads, and an evaluator (null when a name is null or the result is not finite). */
export interface CompiledExpression<T extends number | boolean> {
  text: string;
  names: string[];
  evaluate(scope: Readonly<Record<string, number | null>>): T | null;
  /**
   * How far a condition is from holding: 0 when it holds; for a comparison, the gap between its sides; 1 for
   * any other unmet or undefined condition. Orders infeasible trials (constraint domination).
   */
  violation(scope: Readonly<Record<string, number | null>>): number;
}

function fail(code: RuleErrorCode, detail: string, path: string, expression: string, node: { start: number; end: number }, hint?: string): never {
  throw new RuleError({ code, detail, path, expression, start: node.start, end: node.end, hint });
}

/** Checks names and types; returns the node's kind. */
function check(node: RuleNode, names: ReadonlySet<string>, path: string, text: string, used: Set<string>): Kind {
  const expect = (n: RuleNode, kind: Kind, what: string) => {
    const k = check(n, names, path, text, used);
    if (k !== kind) fail('type', `${what} must be ${kind === 'number' ? 'a number' : 'a condition'}`, path, text, n);
  };
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'condition';
    case 'name': {
      if (!names.has(node.name)) {
        const near = closest(node.name, names);
        fail('unknown-name', `unknown name "${node.name}"`, path, text, node, near ? `did you mean "${near}"?` : `known: ${[...names].join(', ')}`);
      }
      used.add(node.name);
      return 'number';
    }
    case 'lookback':
      // An objective reads one run's final metrics: there is no earlier bar to look back to.
      return fail('syntax', 'a lookback such as x[1] has no meaning in an objective or constraint', path, text, node);
    case 'negate':
      expect(node.operand, 'number', 'the operand of "-"');
      return 'number';
    case 'not':
      expect(node.operand, 'condition', 'the operand of NOT');
      return 'condition';
    case 'arithmetic':
      expect(node.left, 'number', `the left side of "${node.op}"`);
      expect(node.right, 'number', `the right side of "${node.op}"`);
      return 'number';
    case 'compare':
      expect(node.left, 'number', `the left side of "${node.op}"`);
      expect(node.right, 'number', `the right side of "${node.op}"`);
      return 'condition';
    case 'logical':
      expect(node.left, 'condition', `the left side of ${node.op.toUpperCase()}`);
      expect(node.right, 'condition', `the right side of ${node.op.toUpperCase()}`);
      return 'condition';
    case 'call': {
      const f = FUNCTIONS[node.name];
      const at = { start: node.start, end: node.nameEnd };
      if (!f) {
        const near = closest(node.name, Object.keys(FUNCTIONS));
        fail('unknown-function', `unknown function "${node.name}"`, path, text, at, near ? `did you mean "${near}"?` : `known: ${Object.keys(FUNCTIONS).join(', ')}`);
      }
      if (node.args.length < f.min || node.args.length > f.max) {
        fail('arity', `${node.name}() takes ${f.min === f.max ? f.min : `${f.min} or more`} argument(s), got ${node.args.length}`, path, text, at);
      }
      for (const a of node.args) expect(a, 'number', `an argument of ${node.name}()`);
      return 'number';
    }
  }
}

type Value = number | boolean | null;

function evaluate(node: RuleNode, scope: Readonly<Record<string, number | null>>): Value {
  switch (node.kind) {
    case 'number':
    case 'boolean':
      return node.value;
    case 'name': {
      const v = scope[node.name];
      return v === null || v === undefined || !Number.isFinite(v) ? null : v;
    }
    case 'lookback':
      return null; // rejected by check()
    case 'negate': {
      const v = evaluate(node.operand, scope) as number | null;
      return v === null ? null : -v;
    }
    case 'not': {
      const v = evaluate(node.operand, scope);
      return v === null ? null : !v;
    }
    case 'arithmetic': {
      const a = evaluate(node.left, scope) as number | null;
      const b = evaluate(node.right, scope) as number | null;
      if (a === null || b === null) return null;
      const r = node.op === '+' ? a + b : node.op === '-' ? a - b : node.op === '*' ? a * b : a / b;
      return Number.isFinite(r) ? r : null;
    }
    case 'compare': {
      const a = evaluate(node.left, scope) as number | null;
      const b = evaluate(node.right, scope) as number | null;
      if (a === null || b === null) return null;
      switch (node.op) {
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '==': return a === b;
        case '!=': return a !== b;
      }
      return null;
    }
    case 'logical': {
      const a = evaluate(node.left, scope);
      const b = evaluate(node.right, scope);
      if (a === null || b === null) return null;
      return node.op === 'and' ? Boolean(a) && Boolean(b) : Boolean(a) || Boolean(b);
    }
    case 'call': {
      const xs = node.args.map((a) => evaluate(a, scope) as number | null);
      if (xs.some((x) => x === null)) return null;
      const r = FUNCTIONS[node.name].fn(xs as number[]);
      return Number.isFinite(r) ? r : null;
    }
  }
}

/**
 * Parses and checks an expression over `names`; `kind` says whether it must give a number (objectives) or a
 * condition (constraints). `path` names where it came from in error messages (`--objective`).
 */
export function compileExpression<K extends Kind>(text: string, path: string, names: readonly string[], kind: K): CompiledExpression<K extends 'number' ? number : boolean> {
  const node = parseRule(text, path);
  const used = new Set<string>();
  const got = check(node, new Set(names), path, text, used);
  if (got !== kind) fail('type', kind === 'number' ? 'an objective must be a number, not a condition' : 'a constraint must be a condition such as trades >= 30', path, text, node);
  const violation = (scope: Readonly<Record<string, number | null>>): number => {
    if (evaluate(node, scope) === true) return 0;
    if (node.kind !== 'compare') return 1;
    const a = evaluate(node.left, scope) as number | null;
    const b = evaluate(node.right, scope) as number | null;
    return a === null || b === null ? 1 : Math.abs(a - b) + 1e-9;
  };
  return { text, names: [...used], evaluate: (scope) => evaluate(node, scope) as never, violation };
}
