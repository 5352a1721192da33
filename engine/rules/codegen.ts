import { CROSSING_FUNCTIONS, type CompareOp, type RuleNode } from './ast.ts';
import { parseRule } from './parser.ts';
import type { RuleScope } from './scope.ts';

/**
 * Code generation for a rule that Lowering has already validated (names resolved, types checked).
 *
 * Why: closures built from the same function literals share V8's type feedback across every strategy, so a
 * rule made of ~15 small closures runs megamorphic calls that never inline (43% of replay time in the
 * benchmark profile). One generated function per rule has call sites of its own, each seeing one getter, so
 * V8 inlines them.
 *
 * Safety: the generated source contains only numeric literals, operators and indexes into the getter list.
 * No text from the rule (names, strings) is ever spliced into code.
 *
 * Semantics are those of lower.ts: every atom (comparison or crossing) is evaluated every bar, NaN makes a
 * comparison false (including `!=`), `x / 0` is NaN, crossings need the previous bar's values, and the
 * support tally counts atoms that speak for the rule (true, or false under an odd number of NOTs).
 */
export interface GeneratedRule {
  /** Evaluates the rule; writes the support tally into `tally[0]`. */
  readonly test: () => boolean;
  readonly tally: Float64Array;
  readonly atomCount: number;
}

class Emitter {
  private readonly getters: (() => number)[] = [];
  private readonly getterIndex = new Map<() => number, number>();
  private readonly lines: string[] = [];
  private temp = 0;
  crossings = 0;
  atoms = 0;

  constructor(private readonly scope: RuleScope, private readonly path: string) {}

  private getter(fn: () => number): string {
    let i = this.getterIndex.get(fn);
    if (i === undefined) {
      i = this.getters.length;
      this.getters.push(fn);
      this.getterIndex.set(fn, i);
    }
    return `g${i}()`;
  }

  private fresh(expr: string): string {
    const name = `t${this.temp++}`;
    this.lines.push(`const ${name} = ${expr};`);
    return name;
  }

  /** A numeric expression (pure; may be repeated). */
  num(node: RuleNode): string {
    switch (node.kind) {
      case 'number':
        return literal(node.value);
      case 'name':
        return this.getter(this.scope.value(node.name)!);
      case 'negate':
        return `(-${this.num(node.operand)})`;
      case 'arithmetic': {
        const l = this.num(node.left);
        const r = this.num(node.right);
        if (node.op !== '/') return `(${l} ${node.op} ${r})`;
        const d = this.fresh(r);
        return `(${d} === 0 ? NaN : ${l} / ${d})`;
      }
      default:
        throw new Error(`${this.path}: internal: ${node.kind} is not numeric`);
    }
  }

  /** A condition: atoms are hoisted into statements (so each runs exactly once per bar); returns a boolean expression over them. */
  cond(node: RuleNode, negated: boolean): string {
    switch (node.kind) {
      case 'boolean':
        return node.value ? 'true' : 'false';
      case 'not':
        return `(!${this.cond(node.operand, !negated)})`;
      case 'logical': {
        const l = this.cond(node.left, negated);
        const r = this.cond(node.right, negated);
        return `(${l} ${node.op === 'and' ? '&&' : '||'} ${r})`;
      }
      case 'compare':
        return this.atom(this.compare(node.op, this.num(node.left), this.num(node.right)), negated);
      case 'call':
        return this.atom(this.cross(CROSSING_FUNCTIONS[node.name], this.num(node.args[0]), this.num(node.args[1])), negated);
      case 'name': {
        const event = this.scope.event(node.name)!;
        const a = this.num(parseRule(event.a, this.path));
        const b = this.num(parseRule(event.b, this.path));
        return this.atom(this.cross(event.direction, a, b), negated);
      }
      default:
        throw new Error(`${this.path}: internal: ${node.kind} is not a condition`);
    }
  }

  private compare(op: CompareOp, l: string, r: string): string {
    if (op === '!=') {
      const x = this.fresh(l);
      const y = this.fresh(r);
      return `(${x} < ${y} || ${x} > ${y})`;
    }
    return `(${l} ${op === '==' ? '===' : op} ${r})`;
  }

  private cross(direction: 'above' | 'below', a: string, b: string): string {
    const k = this.crossings++;
    const x = this.fresh(a);
    const y = this.fresh(b);
    const hit = this.fresh(direction === 'above' ? `m[${2 * k}] <= m[${2 * k + 1}] && ${x} > ${y}` : `m[${2 * k}] >= m[${2 * k + 1}] && ${x} < ${y}`);
    this.lines.push(`m[${2 * k}] = ${x}; m[${2 * k + 1}] = ${y};`);
    return hit;
  }

  private atom(expr: string, negated: boolean): string {
    this.atoms++;
    const v = this.fresh(expr);
    this.lines.push(negated ? `if (!${v}) s++;` : `if (${v}) s++;`);
    return v;
  }

  build(root: RuleNode): GeneratedRule {
    const result = this.cond(root, false);
    const params = this.getters.map((_, i) => `g${i}`);
    const body = [`return function test() {`, `let s = 0;`, ...this.lines, `tally[0] = s;`, `return ${result};`, `};`].join('\n');
    const memory = new Float64Array(Math.max(2 * this.crossings, 1)).fill(NaN);
    const tally = new Float64Array(1);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from a validated AST only (see above)
    const factory = new Function(...params, 'm', 'tally', body) as (...args: unknown[]) => () => boolean;
    return { test: factory(...this.getters, memory, tally), tally, atomCount: this.atoms };
  }
}

function literal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  return Object.is(x, -0) ? '(-0)' : `(${String(x)})`;
}

/** Generates the rule's test function; call only after Lowering accepted the same expression and scope. */
export function generateRule(expression: string, scope: RuleScope, path: string): GeneratedRule {
  return new Emitter(scope, path).build(parseRule(expression, path));
}
