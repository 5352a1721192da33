import type { CompareOp } from './ast.ts';
import type { CondExpr, NumExpr } from './ir.ts';
import { BarsSince, Ema, Lag, RollingExtremum, RollingMean, RollingStdev, Streak } from './windows.ts';

/**
 * Code generation for a checked rule (check.ts resolved names, types and windows).
 *
 * Why: closures built from the same function literals share V8's type feedback across every strategy, so a
 * rule made of ~15 small closures runs megamorphic calls that never inline (43% of replay time in the
 * benchmark profile). One generated function per rule has call sites of its own, each seeing one getter or
 * one window object, so V8 inlines them.
 *
 * Safety: the generated source contains only numeric literals, operators and indexes into the getter and
 * window lists. No text from the rule (names, strings) is ever spliced into code.
 *
 * Semantics: every atom (comparison, crossing, rising/falling) and every stateful node (lookback, window,
 * change, bars_since) is hoisted into a statement, so it runs exactly once per test() whatever AND/OR decide:
 * crossings and windows see every bar. NaN makes a comparison false (including `!=`), `x / 0` is NaN, and the
 * support tally counts the rule's atoms that speak for it (true, or false under an odd number of NOTs); atoms
 * inside bars_since() feed a number, so they are not counted.
 */
export interface GeneratedRule {
  /** Evaluates the rule; writes the support tally into `tally[0]`. */
  readonly test: () => boolean;
  readonly tally: Float64Array;
  readonly atomCount: number;
}

type Stateful = Lag | RollingExtremum | RollingMean | RollingStdev | Ema | BarsSince | Streak;

class Emitter {
  private readonly getters: (() => number)[] = [];
  private readonly getterIndex = new Map<() => number, number>();
  private readonly state: Stateful[] = [];
  private readonly lines: string[] = [];
  private temp = 0;
  private crossings = 0;
  atoms = 0;

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

  /** A statement feeding `input` to a new state object; returns the temporary holding its output. */
  private stateful(object: Stateful, input: string): string {
    this.state.push(object);
    return this.fresh(`w${this.state.length - 1}.next(${input})`);
  }

  /** A numeric expression (pure, or a temporary a statement computed). */
  num(e: NumExpr): string {
    switch (e.k) {
      case 'const': return literal(e.v);
      case 'get': return this.getter(e.fn);
      case 'neg': return `(-${this.num(e.x)})`;
      case 'arith': {
        const l = this.num(e.l);
        const r = this.num(e.r);
        if (e.op !== '/') return `(${l} ${e.op} ${r})`;
        const d = this.fresh(r);
        return `(${d} === 0 ? NaN : ${l} / ${d})`;
      }
      case 'math': return `Math.${e.fn}(${e.args.map((a) => this.num(a)).join(', ')})`;
      case 'lag': return this.stateful(new Lag(e.bars), this.num(e.x));
      case 'window': {
        const x = this.num(e.x);
        switch (e.fn) {
          case 'highest': return this.stateful(new RollingExtremum(e.n, 'max'), x);
          case 'lowest': return this.stateful(new RollingExtremum(e.n, 'min'), x);
          case 'sma': return this.stateful(new RollingMean(e.n), x);
          case 'stdev': return this.stateful(new RollingStdev(e.n), x);
          case 'ema': return this.stateful(new Ema(e.n), x);
        }
        break;
      }
      case 'change': {
        const x = this.fresh(this.num(e.x));
        const old = this.stateful(new Lag(e.n), x);
        return e.pct ? `(${old} === 0 ? NaN : (${x} - ${old}) / ${old})` : `(${x} - ${old})`;
      }
      case 'since': return this.stateful(new BarsSince(), this.cond(e.c, false, false));
    }
  }

  /** A condition over hoisted atoms; `tallied` is false inside bars_since(). */
  cond(e: CondExpr, negated: boolean, tallied: boolean): string {
    switch (e.k) {
      case 'lit': return e.v ? 'true' : 'false';
      case 'not': return `(!${this.cond(e.x, !negated, tallied)})`;
      case 'logic': {
        const l = this.cond(e.l, negated, tallied);
        const r = this.cond(e.r, negated, tallied);
        return `(${l} ${e.op === 'and' ? '&&' : '||'} ${r})`;
      }
      case 'cmp': return this.atom(this.compare(e.op, this.num(e.l), this.num(e.r)), negated, tallied);
      case 'cross': return this.atom(this.cross(e.dir, this.num(e.a), this.num(e.b)), negated, tallied);
      case 'streak': return this.atom(this.stateful(new Streak(e.n, e.dir === 'rising'), this.num(e.x)), negated, tallied);
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

  /** True when a moves from <= b (previous bar) to > b (this bar), or the mirror image; NaN anywhere gives false. */
  private cross(direction: 'above' | 'below', a: string, b: string): string {
    const k = this.crossings++;
    const x = this.fresh(a);
    const y = this.fresh(b);
    const hit = this.fresh(direction === 'above' ? `m[${2 * k}] <= m[${2 * k + 1}] && ${x} > ${y}` : `m[${2 * k}] >= m[${2 * k + 1}] && ${x} < ${y}`);
    this.lines.push(`m[${2 * k}] = ${x}; m[${2 * k + 1}] = ${y};`);
    return hit;
  }

  private atom(expr: string, negated: boolean, tallied: boolean): string {
    const v = this.fresh(expr);
    if (tallied) {
      this.atoms++;
      this.lines.push(negated ? `if (!${v}) s++;` : `if (${v}) s++;`);
    }
    return v;
  }

  build(root: CondExpr): GeneratedRule {
    return this.assemble(this.cond(root, false, true)) as GeneratedRule;
  }

  /** A function returning the value of a numeric expression (its windows advance on every call). */
  buildValue(root: NumExpr): () => number {
    return this.assemble(this.num(root)).test as unknown as () => number;
  }

  private assemble(result: string): { test: () => unknown; tally: Float64Array; atomCount: number } {
    const params = [...this.getters.map((_, i) => `g${i}`), ...this.state.map((_, i) => `w${i}`)];
    const body = [`return function test() {`, `let s = 0;`, ...this.lines, `tally[0] = s;`, `return ${result};`, `};`].join('\n');
    const memory = new Float64Array(Math.max(2 * this.crossings, 1)).fill(NaN);
    const tally = new Float64Array(1);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from a checked tree only (see above)
    const factory = new Function(...params, 'm', 'tally', body) as (...args: unknown[]) => () => unknown;
    return { test: factory(...this.getters, ...this.state, memory, tally), tally, atomCount: this.atoms };
  }
}

function literal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  return Object.is(x, -0) ? '(-0)' : `(${String(x)})`;
}

/** Generates the test function of a checked rule. */
export function generateRule(root: CondExpr): GeneratedRule {
  return new Emitter().build(root);
}

/** Generates a function computing a checked numeric expression, one call per bar. */
export function generateValue(root: NumExpr): () => number {
  return new Emitter().buildValue(root);
}
