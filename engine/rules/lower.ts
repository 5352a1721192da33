import { CROSSING_FUNCTIONS, type CompareOp, type RuleNode } from './ast.ts';
import { RuleError, type RuleErrorInit } from './errors.ts';
import { parseRule } from './parser.ts';
import type { RuleScope } from './scope.ts';
import { closest } from './suggest.ts';

export type NumberFn = () => number;
export type ConditionFn = () => boolean;

type Lowered =
  | { readonly type: 'number'; readonly fn: NumberFn; readonly constant: number | null }
  | { readonly type: 'condition'; readonly fn: ConditionFn };

/** `x / 0` is NaN, never ±Infinity, so a division by zero makes every comparison on it false. */
export function divide(n: number, d: number): number {
  return d === 0 ? NaN : n / d;
}

/**
 * Turns a syntax tree into closures, resolving every name against the scope once. Comparisons and crossings
 * are "atoms". AND/OR evaluate both sides every time (no short-circuit), so every atom runs every bar:
 * crossings keep their memory and support() counts all atoms. Each atom adds to `tally[0]` when it speaks for
 * the rule (it is true, or false under an odd number of NOTs).
 */
export class Lowering {
  atomCount = 0;
  /** tally[0] counts atoms that supported the rule during the current test(); the caller resets it. */
  readonly tally = new Float64Array(1);
  private negated = false;

  constructor(
    private readonly scope: RuleScope,
    private readonly path: string,
    private readonly expression: string,
    /** The event being expanded, when lowering an event's operand. */
    private readonly expanding: string | null = null,
  ) {}

  /** Lowers a node that must be a condition. */
  condition(node: RuleNode): ConditionFn {
    const lowered = this.lower(node);
    if (lowered.type === 'condition') return lowered.fn;
    const text = this.text(node);
    const hint = node.kind === 'name' ? `compare it, e.g. "${text} > 0"` : undefined;
    return this.fail({ code: 'type', detail: `expected a condition but "${text}" is a number`, start: node.start, end: node.end, hint });
  }

  /** Lowers a node that must be a number; `constant` is set when it does not depend on the scope. */
  number(node: RuleNode): { fn: NumberFn; constant: number | null } {
    const lowered = this.lower(node);
    if (lowered.type === 'number') return lowered;
    return this.fail({ code: 'type', detail: `expected a number but "${this.text(node)}" is a condition`, start: node.start, end: node.end });
  }

  private lower(node: RuleNode): Lowered {
    switch (node.kind) {
      case 'number':
        return constant(node.value);
      case 'boolean': {
        const value = node.value;
        return { type: 'condition', fn: value ? () => true : () => false };
      }
      case 'name':
        return this.name(node);
      case 'negate': {
        const { fn, constant: c } = this.number(node.operand);
        return c !== null ? constant(-c) : { type: 'number', fn: () => -fn(), constant: null };
      }
      case 'not': {
        this.negated = !this.negated;
        const fn = this.condition(node.operand);
        this.negated = !this.negated;
        return { type: 'condition', fn: () => !fn() };
      }
      case 'arithmetic': {
        const l = this.number(node.left);
        const r = this.number(node.right);
        if (l.constant !== null && r.constant !== null) {
          const a = l.constant;
          const b = r.constant;
          switch (node.op) {
            case '+': return constant(a + b);
            case '-': return constant(a - b);
            case '*': return constant(a * b);
            case '/': return constant(divide(a, b));
          }
        }
        const lf = l.fn;
        const rf = r.fn;
        switch (node.op) {
          case '+': return { type: 'number', fn: () => lf() + rf(), constant: null };
          case '-': return { type: 'number', fn: () => lf() - rf(), constant: null };
          case '*': return { type: 'number', fn: () => lf() * rf(), constant: null };
          case '/': return { type: 'number', fn: () => divide(lf(), rf()), constant: null };
        }
        break;
      }
      case 'compare': {
        const l = this.number(node.left);
        const r = this.number(node.right);
        return this.atom(comparison(node.op, l.fn, r.fn, r.constant));
      }
      case 'logical': {
        const l = this.condition(node.left);
        const r = this.condition(node.right);
        // Both sides always run (no short-circuit), so every atom sees every bar.
        const fn: ConditionFn = node.op === 'and'
          ? () => {
            const x = l();
            return r() && x;
          }
          : () => {
            const x = l();
            return r() || x;
          };
        return { type: 'condition', fn };
      }
      case 'call':
        return this.call(node);
    }
  }

  private name(node: RuleNode & { kind: 'name' }): Lowered {
    const getter = this.scope.value(node.name);
    if (getter !== null) return { type: 'number', fn: getter, constant: null };
    const event = this.scope.event(node.name);
    if (event === null) return this.fail({ code: 'unknown-name', detail: `unknown name "${node.name}"`, start: node.start, end: node.end, hint: this.nameHint(node.name) });
    if (this.expanding !== null) {
      return this.fail({ code: 'event', detail: `event "${node.name}" cannot be an operand of event "${this.expanding}"`, start: node.start, end: node.end });
    }
    const a = this.eventOperand(node, event.a);
    const b = this.eventOperand(node, event.b);
    return this.atom(crossing(event.direction, a, b));
  }

  /** Lowers one side of a named event's crossing; its errors are reported at the event's name. */
  private eventOperand(node: RuleNode & { kind: 'name' }, operand: string): NumberFn {
    try {
      return new Lowering(this.scope, this.path, operand, node.name).number(parseRule(operand, this.path)).fn;
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return this.fail({ code: 'event', detail: `event "${node.name}" has an invalid operand "${operand}": ${error.detail}`, start: node.start, end: node.end, hint: error.hint });
    }
  }

  private call(node: RuleNode & { kind: 'call' }): Lowered {
    const written = this.expression.slice(node.start, node.nameEnd);
    const direction = CROSSING_FUNCTIONS[node.name];
    if (direction === undefined) {
      const suggestion = closest(node.name, Object.keys(CROSSING_FUNCTIONS));
      const hint = suggestion ? `did you mean "${suggestion}"?` : this.scope.value(written) !== null ? `"${written}" is a value, not a function` : `known functions: ${Object.keys(CROSSING_FUNCTIONS).join(', ')}`;
      return this.fail({ code: 'unknown-function', detail: `unknown function "${written}"`, start: node.start, end: node.nameEnd, hint });
    }
    if (node.args.length !== 2) {
      return this.fail({ code: 'arity', detail: `${node.name} expects 2 arguments but got ${node.args.length}`, start: node.start, end: node.nameEnd, hint: `${node.name}(a, b)` });
    }
    const a = this.number(node.args[0]).fn;
    const b = this.number(node.args[1]).fn;
    return this.atom(crossing(direction, a, b));
  }

  private atom(fn: ConditionFn): Lowered {
    this.atomCount++;
    const tally = this.tally;
    const wrapped: ConditionFn = this.negated
      ? () => {
        const v = fn();
        if (!v) tally[0]++;
        return v;
      }
      : () => {
        const v = fn();
        if (v) tally[0]++;
        return v;
      };
    return { type: 'condition', fn: wrapped };
  }

  private nameHint(name: string): string | undefined {
    const names = this.scope.names();
    const sameLetters = names.find((known) => known.toLowerCase() === name.toLowerCase());
    if (sameLetters !== undefined) return `names are case-sensitive: did you mean "${sameLetters}"?`;
    const suggestion = closest(name, names);
    if (suggestion !== null) return `did you mean "${suggestion}"?`;
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
      const prefix = name.slice(0, dot + 1);
      const fields = names.filter((known) => known.startsWith(prefix)).sort();
      if (fields.length > 0) return `known: ${fields.join(', ')}`;
    }
    return undefined;
  }

  /** The source of a node, shortened for messages. */
  private text(node: RuleNode): string {
    const text = this.expression.slice(node.start, node.end);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }

  private fail(init: Omit<RuleErrorInit, 'path' | 'expression'>): never {
    throw new RuleError({ ...init, path: this.path, expression: this.expression });
  }
}

function constant(value: number): Lowered {
  return { type: 'number', fn: () => value, constant: value };
}

/**
 * A comparison closure. NaN ("not ready") on either side gives false for every operator, including `!=`
 * (where JS would say true). Constant right sides are inlined.
 */
function comparison(op: CompareOp, l: NumberFn, r: NumberFn, k: number | null): ConditionFn {
  if (k !== null) {
    switch (op) {
      case '<': return () => l() < k;
      case '<=': return () => l() <= k;
      case '>': return () => l() > k;
      case '>=': return () => l() >= k;
      case '==': return () => l() === k;
      case '!=': return () => {
        const x = l();
        return x < k || x > k;
      };
    }
  }
  switch (op) {
    case '<': return () => l() < r();
    case '<=': return () => l() <= r();
    case '>': return () => l() > r();
    case '>=': return () => l() >= r();
    case '==': return () => l() === r();
    case '!=': return () => {
      const x = l();
      const y = r();
      return x < y || x > y;
    };
  }
}

/**
 * True on the bar where `a` moves from `<= b` (previous bar) to `> b` (this bar), or the mirror image for
 * "below". Any NaN among the four values gives false, which covers indicator warm-up.
 */
export function crossing(direction: 'above' | 'below', a: NumberFn, b: NumberFn): ConditionFn {
  let prevA = NaN;
  let prevB = NaN;
  if (direction === 'above') {
    return () => {
      const x = a();
      const y = b();
      const hit = prevA <= prevB && x > y;
      prevA = x;
      prevB = y;
      return hit;
    };
  }
  return () => {
    const x = a();
    const y = b();
    const hit = prevA >= prevB && x < y;
    prevA = x;
    prevB = y;
    return hit;
  };
}
