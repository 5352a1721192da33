import type { RuleNode } from './ast.ts';
import { RuleError, type RuleErrorInit } from './errors.ts';
import { FUNCTION_NAMES, FUNCTIONS, MAX_WINDOW, type FunctionSpec } from './functions.ts';
import type { CondExpr, NumExpr, WindowFn } from './ir.ts';
import { parseRule } from './parser.ts';
import type { RuleScope } from './scope.ts';
import { closest } from './suggest.ts';

type Checked = { readonly type: 'number'; readonly e: NumExpr } | { readonly type: 'condition'; readonly e: CondExpr };

const WINDOW_FNS: ReadonlySet<string> = new Set<WindowFn>(['highest', 'lowest', 'sma', 'ema', 'stdev']);

/**
 * Resolves every name of a syntax tree against the scope (once, at compile time) and checks types, arities and
 * windows. Errors carry the config path, the column and a caret under the offending text, with "did you mean"
 * for names and functions.
 */
export class Checker {
  constructor(
    private readonly scope: RuleScope,
    private readonly path: string,
    private readonly expression: string,
    /** The event being expanded, when checking an event's operand. */
    private readonly expanding: string | null = null,
  ) {}

  /** Checks a node that must be a condition. */
  condition(node: RuleNode): CondExpr {
    const checked = this.check(node);
    if (checked.type === 'condition') return checked.e;
    const text = this.text(node);
    const hint = node.kind === 'name' ? `compare it, e.g. "${text} > 0"` : undefined;
    return this.fail({ code: 'type', detail: `expected a condition but "${text}" is a number`, start: node.start, end: node.end, hint });
  }

  /** Checks a node that must be a number. */
  number(node: RuleNode): NumExpr {
    const checked = this.check(node);
    if (checked.type === 'number') return checked.e;
    return this.fail({ code: 'type', detail: `expected a number but "${this.text(node)}" is a condition`, start: node.start, end: node.end });
  }

  private check(node: RuleNode): Checked {
    switch (node.kind) {
      case 'number': return num({ k: 'const', v: node.value });
      case 'boolean': return cond({ k: 'lit', v: node.value });
      case 'name': return this.name(node);
      case 'negate': return num({ k: 'neg', x: this.number(node.operand) });
      case 'not': return cond({ k: 'not', x: this.condition(node.operand) });
      case 'arithmetic': return num({ k: 'arith', op: node.op, l: this.number(node.left), r: this.number(node.right) });
      case 'compare': return cond({ k: 'cmp', op: node.op, l: this.number(node.left), r: this.number(node.right) });
      case 'logical': return cond({ k: 'logic', op: node.op, l: this.condition(node.left), r: this.condition(node.right) });
      case 'lookback': return this.lookback(node);
      case 'call': return this.call(node);
    }
  }

  private lookback(node: RuleNode & { kind: 'lookback' }): Checked {
    const operand = this.check(node.operand);
    if (operand.type === 'condition') {
      const text = this.text(node.operand);
      const call = text.startsWith('(') && text.endsWith(')') ? `bars_since${text}` : `bars_since(${text})`;
      return this.fail({ code: 'type', detail: `a lookback needs a number but "${text}" is a condition`, start: node.operand.start, end: node.operand.end, hint: `for "bars since it held" use ${call}` });
    }
    return num(node.bars === 0 ? operand.e : { k: 'lag', x: operand.e, bars: node.bars });
  }

  private name(node: RuleNode & { kind: 'name' }): Checked {
    const getter = this.scope.value(node.name);
    if (getter !== null) return num({ k: 'get', fn: getter });
    const event = this.scope.event(node.name);
    if (event === null) return this.fail({ code: 'unknown-name', detail: `unknown name "${node.name}"`, start: node.start, end: node.end, hint: this.nameHint(node.name) });
    if (this.expanding !== null) {
      return this.fail({ code: 'event', detail: `event "${node.name}" cannot be an operand of event "${this.expanding}"`, start: node.start, end: node.end });
    }
    return cond({ k: 'cross', dir: event.direction, a: this.eventOperand(node, event.a), b: this.eventOperand(node, event.b) });
  }

  /** Checks one side of a named event's crossing; its errors are reported at the event's name. */
  private eventOperand(node: RuleNode & { kind: 'name' }, operand: string): NumExpr {
    try {
      return new Checker(this.scope, this.path, operand, node.name).number(parseRule(operand, this.path));
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return this.fail({ code: 'event', detail: `event "${node.name}" has an invalid operand "${operand}": ${error.detail}`, start: node.start, end: node.end, hint: error.hint });
    }
  }

  private call(node: RuleNode & { kind: 'call' }): Checked {
    const written = this.expression.slice(node.start, node.nameEnd);
    const spec = FUNCTIONS[node.name] as FunctionSpec | undefined;
    if (spec === undefined) {
      const suggestion = closest(node.name, FUNCTION_NAMES);
      const hint = suggestion ? `did you mean "${suggestion}"?` : this.scope.value(written) !== null ? `"${written}" is a value, not a function` : `known functions: ${FUNCTION_NAMES.join(', ')}`;
      return this.fail({ code: 'unknown-function', detail: `unknown function "${written}"`, start: node.start, end: node.nameEnd, hint });
    }
    const want = spec.params.length;
    if (node.args.length !== want) {
      const detail = `${node.name} expects ${want} argument${want === 1 ? '' : 's'} but got ${node.args.length}`;
      return this.fail({ code: 'arity', detail, start: node.start, end: node.nameEnd, hint: spec.signature });
    }
    const [first, second] = node.args;
    switch (node.name) {
      case 'crosses_above': case 'crosses_below':
        return cond({ k: 'cross', dir: node.name === 'crosses_above' ? 'above' : 'below', a: this.number(first), b: this.number(second) });
      case 'rising': case 'falling':
        return cond({ k: 'streak', dir: node.name, x: this.number(first), n: this.window(node, second) });
      case 'change': case 'pct_change':
        return num({ k: 'change', x: this.number(first), n: this.window(node, second), pct: node.name === 'pct_change' });
      case 'bars_since':
        return num({ k: 'since', c: this.condition(first) });
      case 'abs': case 'min': case 'max':
        return num({ k: 'math', fn: node.name, args: node.args.map((a) => this.number(a)) });
    }
    if (!WINDOW_FNS.has(node.name)) throw new Error(`${this.path}: internal: function ${node.name} has no checker`);
    return num({ k: 'window', fn: node.name as WindowFn, x: this.number(first), n: this.window(node, second) });
  }

  /** A window argument: a whole-number literal from 1 to MAX_WINDOW, so the buffer depth is known at compile time. */
  private window(call: RuleNode & { kind: 'call' }, arg: RuleNode): number {
    const spec = FUNCTIONS[call.name];
    const value = arg.kind === 'number' ? arg.value : arg.kind === 'negate' && arg.operand.kind === 'number' ? -arg.operand.value : null;
    if (value === null) {
      const detail = `the window of ${spec.signature} must be a whole number of bars written in the rule, got "${this.text(arg)}"`;
      return this.fail({ code: 'window', detail, start: arg.start, end: arg.end, hint: `e.g. ${call.name}(close, 20)` });
    }
    if (!Number.isInteger(value) || value < 1 || value > MAX_WINDOW) {
      return this.fail({ code: 'window', detail: `the window of ${spec.signature} must be a whole number from 1 to ${MAX_WINDOW}, got ${this.text(arg)}`, start: arg.start, end: arg.end });
    }
    return value;
  }

  private nameHint(name: string): string | undefined {
    const names = this.scope.names();
    const sameLetters = names.find((known) => known.toLowerCase() === name.toLowerCase());
    if (sameLetters !== undefined) return `names are case-sensitive: did you mean "${sameLetters}"?`;
    const suggestion = closest(name, names);
    if (suggestion !== null) return `did you mean "${suggestion}"?`;
    const at = name.indexOf('@');
    if (at > 0 && this.scope.value(name.slice(0, at)) !== null) return `"${name.slice(0, at)}" is known; is the series "${name.slice(at + 1)}" declared?`;
    if (FUNCTIONS[name.toLowerCase()] !== undefined) return `${name.toLowerCase()} is a function: ${FUNCTIONS[name.toLowerCase()].signature}`;
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

const num = (e: NumExpr): Checked => ({ type: 'number', e });
const cond = (e: CondExpr): Checked => ({ type: 'condition', e });
