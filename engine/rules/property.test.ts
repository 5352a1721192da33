import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, compileValue } from './compile.ts';
import { formatRule } from './format.ts';
import type { RuleNode } from './ast.ts';
import { parseRule } from './parser.ts';
import { makeScope } from './test-scope.ts';

// A model of the language independent of the parser and compiler: random trees, a printer that varies the
// spelling (keyword case, && || !, spacing, redundant parentheses) and a direct interpreter that keeps every
// stateful node's full input history and re-scans its window each bar (no running sums, no deques).

type WinFn = 'highest' | 'lowest' | 'sma' | 'ema' | 'stdev';
type Num =
  | { t: 'num'; v: number }
  | { t: 'var'; name: 'x' | 'y' | 'z' }
  | { t: 'neg'; x: Num }
  | { t: 'arith'; op: '+' | '-' | '*' | '/'; l: Num; r: Num }
  | { t: 'ago'; x: Num; n: number }
  | { t: 'win'; fn: WinFn; x: Num; n: number }
  | { t: 'chg'; pct: boolean; x: Num; n: number }
  | { t: 'math'; fn: 'abs' | 'min' | 'max'; args: Num[] }
  | { t: 'since'; c: Bool };
type Bool =
  | { t: 'lit'; v: boolean }
  | { t: 'cmp'; op: '<' | '<=' | '>' | '>=' | '==' | '!='; l: Num; r: Num }
  | { t: 'not'; x: Bool }
  | { t: 'logic'; op: 'and' | 'or'; l: Bool; r: Bool }
  | { t: 'cross'; dir: 'above' | 'below'; a: Num; b: Num }
  | { t: 'event'; name: 'up' | 'down' }
  | { t: 'streak'; up: boolean; x: Num; n: number };

const VARS = ['x', 'y', 'z'] as const;
/** The events the scope defines, and the crossings they stand for in the model. */
const EVENTS = {
  up: { a: 'x', b: 'y', direction: 'above' },
  down: { a: 'x * 2', b: '1', direction: 'below' },
} as const;
const EVENT_MODEL: Record<'up' | 'down', { dir: 'above' | 'below'; a: Num; b: Num }> = {
  up: { dir: 'above', a: { t: 'var', name: 'x' }, b: { t: 'var', name: 'y' } },
  down: { dir: 'below', a: { t: 'arith', op: '*', l: { t: 'var', name: 'x' }, r: { t: 'num', v: 2 } }, b: { t: 'num', v: 1 } },
};

const literal = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1, 2, 0.5, 3, 100), weight: 4 },
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
);

/** Random trees; `windows` are the window functions drawn (the boolean property keeps to ones computed bit-exactly). */
function trees(windows: readonly WinFn[]) {
  const small = fc.integer({ min: 1, max: 4 });
  return fc.letrec<{ num: Num; bool: Bool }>((tie) => ({
    num: fc.oneof(
      { depthSize: 'medium', withCrossShrink: true },
      literal.map((v): Num => ({ t: 'num', v })),
      fc.constantFrom(...VARS).map((name): Num => ({ t: 'var', name })),
      tie('num').map((x): Num => ({ t: 'neg', x })),
      fc.record({ t: fc.constant('arith' as const), op: fc.constantFrom('+', '-', '*', '/'), l: tie('num'), r: tie('num') }) as fc.Arbitrary<Num>,
      fc.record({ t: fc.constant('ago' as const), x: tie('num'), n: fc.integer({ min: 0, max: 3 }) }) as fc.Arbitrary<Num>,
      fc.record({ t: fc.constant('win' as const), fn: fc.constantFrom(...windows), x: tie('num'), n: small }) as fc.Arbitrary<Num>,
      fc.record({ t: fc.constant('chg' as const), pct: fc.boolean(), x: tie('num'), n: small }) as fc.Arbitrary<Num>,
      fc.oneof(
        tie('num').map((x): Num => ({ t: 'math', fn: 'abs', args: [x] })),
        fc.record({ t: fc.constant('math' as const), fn: fc.constantFrom('min' as const, 'max' as const), args: fc.tuple(tie('num'), tie('num')) }) as fc.Arbitrary<Num>,
      ),
      tie('bool').map((c): Num => ({ t: 'since', c })),
    ),
    bool: fc.oneof(
      { depthSize: 'medium', withCrossShrink: true },
      fc.record({ t: fc.constant('cmp' as const), op: fc.constantFrom('<', '<=', '>', '>=', '==', '!='), l: tie('num'), r: tie('num') }) as fc.Arbitrary<Bool>,
      fc.boolean().map((v): Bool => ({ t: 'lit', v })),
      fc.constantFrom('up', 'down').map((name): Bool => ({ t: 'event', name })),
      fc.record({ t: fc.constant('cross' as const), dir: fc.constantFrom('above', 'below'), a: tie('num'), b: tie('num') }) as fc.Arbitrary<Bool>,
      fc.record({ t: fc.constant('streak' as const), up: fc.boolean(), x: tie('num'), n: small }) as fc.Arbitrary<Bool>,
      tie('bool').map((x): Bool => ({ t: 'not', x })),
      fc.record({ t: fc.constant('logic' as const), op: fc.constantFrom('and', 'or'), l: tie('bool'), r: tie('bool') }) as fc.Arbitrary<Bool>,
    ),
  }));
}

// highest, lowest and ema give the same bits as the re-scan (same operations in the same order); sma and
// stdev keep running sums, so they are compared numerically, within rounding, by the value property.
const { bool } = trees(['highest', 'lowest', 'ema']);
const { num: anyNum } = trees(['highest', 'lowest', 'sma', 'ema', 'stdev']);

type Node = Num | Bool;

/** Binding strength, loosest first, written down independently of the parser. */
function strength(n: Node): number {
  switch (n.t) {
    case 'logic': return n.op === 'or' ? 1 : 2;
    case 'not': return 3;
    case 'cmp': return 4;
    case 'arith': return n.op === '+' || n.op === '-' ? 5 : 6;
    case 'neg': return 7;
    default: return 8; // primaries, calls and lookbacks
  }
}

/** Printer choices drawn per call from a random stream, so one tree prints many ways. */
class Style {
  private i = 0;
  constructor(private readonly choices: number[]) {}
  pick(n: number): number {
    return this.choices[this.i++ % this.choices.length] % n;
  }
  keyword(word: 'and' | 'or' | 'not'): string {
    const symbol = { and: '&&', or: '||', not: '!' }[word];
    return [word.toUpperCase(), word, word[0].toUpperCase() + word.slice(1), symbol][this.pick(4)];
  }
  /** Function names are case-insensitive. */
  fn(name: string): string {
    return [name, name.toUpperCase()][this.pick(2)];
  }
  space(): string {
    return ['', ' ', '  ', '\t'][this.pick(4)];
  }
}

function print(n: Node, s: Style): string {
  const sub = (child: Node, needed: boolean): string =>
    needed || s.pick(8) === 0 ? `(${s.space()}${print(child, s)}${s.space()})` : print(child, s);
  const p = strength(n);
  switch (n.t) {
    case 'num': return String(n.v);
    case 'var': return n.name;
    case 'lit': return [String(n.v), String(n.v).toUpperCase()][s.pick(2)];
    case 'event': return n.name;
    case 'neg': return `-${s.space()}${sub(n.x, strength(n.x) < p)}`;
    case 'not': return `${s.keyword('not')} ${sub(n.x, strength(n.x) < p)}`;
    case 'cross': return `crosses_${n.dir}(${print(n.a, s)},${s.space()}${print(n.b, s)})`;
    case 'ago': return `${sub(n.x, strength(n.x) < p)}[${s.space()}${n.n}]`;
    case 'win': return `${s.fn(n.fn)}(${print(n.x, s)},${s.space()}${n.n})`;
    case 'chg': return `${s.fn(n.pct ? 'pct_change' : 'change')}(${print(n.x, s)}, ${n.n})`;
    case 'math': return `${s.fn(n.fn)}(${n.args.map((a) => print(a, s)).join(', ')})`;
    case 'since': return `${s.fn('bars_since')}(${print(n.c, s)})`;
    case 'streak': return `${s.fn(n.up ? 'rising' : 'falling')}(${print(n.x, s)}, ${n.n})`;
    case 'cmp': return `${sub(n.l, strength(n.l) <= p)} ${n.op} ${sub(n.r, strength(n.r) <= p)}`;
    case 'arith': return `${sub(n.l, strength(n.l) < p)} ${n.op} ${sub(n.r, strength(n.r) <= p)}`;
    case 'logic': return `${sub(n.l, strength(n.l) < p)} ${s.keyword(n.op)} ${sub(n.r, strength(n.r) <= p)}`;
  }
}

/** Direct interpreter: evaluates every node every bar; crossings and windows remember their inputs by node. */
class Interpreter {
  private readonly memory = new Map<object, [number, number]>();
  private readonly inputs = new Map<object, number[]>();
  held = 0;
  atoms = 0;
  /** Atoms inside bars_since() feed a number, not the rule: they are not counted. */
  private tallied = true;
  constructor(private readonly vars: Record<string, number>) {}

  /** Appends this bar's input to the node's history and returns the history (oldest first). */
  private history(node: object, input: number): number[] {
    const h = this.inputs.get(node) ?? [];
    h.push(input);
    this.inputs.set(node, h);
    return h;
  }

  num(n: Num): number {
    switch (n.t) {
      case 'num': return n.v;
      case 'var': return this.vars[n.name];
      case 'neg': return -this.num(n.x);
      case 'arith': {
        const l = this.num(n.l);
        const r = this.num(n.r);
        if (n.op === '+') return l + r;
        if (n.op === '-') return l - r;
        if (n.op === '*') return l * r;
        return r === 0 ? NaN : l / r;
      }
      case 'ago': {
        const h = this.history(n, this.num(n.x));
        return h.length > n.n ? h[h.length - 1 - n.n] : NaN;
      }
      case 'chg': {
        const h = this.history(n, this.num(n.x));
        const now = h[h.length - 1];
        const old = h.length > n.n ? h[h.length - 1 - n.n] : NaN;
        return n.pct ? (old === 0 ? NaN : (now - old) / old) : now - old;
      }
      case 'math': {
        const xs = n.args.map((a) => this.num(a));
        if (xs.some(Number.isNaN)) return NaN;
        return n.fn === 'abs' ? Math.abs(xs[0]) : n.fn === 'min' ? (xs[0] < xs[1] ? xs[0] : xs[1]) : xs[0] > xs[1] ? xs[0] : xs[1];
      }
      case 'since': {
        const outer = this.tallied;
        this.tallied = false;
        const h = this.history(n, this.bool(n.c) ? 1 : 0);
        this.tallied = outer;
        const last = h.lastIndexOf(1);
        return last < 0 ? NaN : h.length - 1 - last;
      }
      case 'win': return windowValue(n.fn, this.history(n, this.num(n.x)), n.n);
    }
  }

  bool(n: Bool, negated = false): boolean {
    switch (n.t) {
      case 'lit': return n.v;
      case 'not': return !this.bool(n.x, !negated);
      case 'logic': {
        const l = this.bool(n.l, negated);
        const r = this.bool(n.r, negated);
        return n.op === 'and' ? l && r : l || r;
      }
      case 'cmp': {
        const l = this.num(n.l);
        const r = this.num(n.r);
        const ops = { '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r, '==': l === r, '!=': l < r || l > r };
        return this.atom(ops[n.op], negated);
      }
      case 'cross': return this.atom(this.cross(n, n.dir, n.a, n.b), negated);
      case 'event': {
        const e = EVENT_MODEL[n.name];
        return this.atom(this.cross(n, e.dir, e.a, e.b), negated);
      }
      case 'streak': {
        const h = this.history(n, this.num(n.x));
        let up = h.length > n.n;
        for (let j = 0; up && j < n.n; j++) {
          const now = h[h.length - 1 - j];
          const before = h[h.length - 2 - j];
          up = n.up ? now > before : now < before;
        }
        return this.atom(up, negated);
      }
    }
  }

  private cross(key: object, dir: 'above' | 'below', a: Num, b: Num): boolean {
    const x = this.num(a);
    const y = this.num(b);
    const [px, py] = this.memory.get(key) ?? [NaN, NaN];
    this.memory.set(key, [x, y]);
    return dir === 'above' ? px <= py && x > y : px >= py && x < y;
  }

  private atom(value: boolean, negated: boolean): boolean {
    if (!this.tallied) return value;
    this.atoms++;
    if (value !== negated) this.held++;
    return value;
  }
}

/** A window function by its definition, over the whole input history `h` (oldest first). */
function windowValue(fn: WinFn, h: readonly number[], n: number): number {
  if (fn === 'ema') {
    // TA-Lib: seeded by the SMA of the first n inputs of the current run of numbers (a NaN restarts it).
    let start = h.length;
    while (start > 0 && !Number.isNaN(h[start - 1])) start--;
    const run = h.slice(start);
    if (run.length < n) return NaN;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += run[i];
    let ema = sum / n;
    for (let i = n; i < run.length; i++) ema = (run[i] - ema) * (2 / (n + 1)) + ema;
    return ema;
  }
  const w = h.slice(-n);
  if (w.length < n || w.some(Number.isNaN)) return NaN;
  const mean = w.reduce((a, b) => a + b, 0) / n;
  switch (fn) {
    case 'highest': return w.reduce((a, b) => (b > a ? b : a));
    case 'lowest': return w.reduce((a, b) => (b < a ? b : a));
    case 'sma': return mean;
    case 'stdev': return Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  }
}

const barValue = fc.constantFrom(NaN, -1, 0, 0.5, 1, 2, 3);
const bars = fc.array(fc.record({ x: barValue, y: barValue, z: barValue }), { minLength: 1, maxLength: 12 });

describe('rule language properties', () => {
  it('printed random trees compile to rules that agree with a direct interpreter, bar by bar', () => {
    fc.assert(
      fc.property(bool, fc.array(fc.nat(), { minLength: 1, maxLength: 32 }), bars, (tree, choices, series) => {
        const text = print(tree, new Style(choices));
        const { values, scope } = makeScope({ x: NaN, y: NaN, z: NaN }, EVENTS);
        const rule = compileRule(text, scope, 'p');
        // A JSON copy, so no subtree is shared and each stateful node keeps one history.
        tree = JSON.parse(JSON.stringify(tree)) as Bool;
        const model = new Interpreter(values);
        for (const bar of series) {
          Object.assign(values, bar);
          model.held = 0;
          model.atoms = 0;
          const expected = model.bool(tree);
          expect(rule.test(), text).toBe(expected);
          const support = model.atoms === 0 ? (expected ? 1 : 0) : model.held / model.atoms;
          expect(rule.support(), `support of ${text}`).toBe(support);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random numeric expressions over every function compute the value a re-scanning interpreter does, bar by bar', () => {
    const close = (a: number, b: number) => (Number.isNaN(a) ? Number.isNaN(b) : a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
    fc.assert(
      fc.property(anyNum, fc.array(fc.nat(), { minLength: 1, maxLength: 32 }), fc.array(fc.record({ x: barValue, y: barValue, z: barValue }), { minLength: 1, maxLength: 14 }), (tree, choices, series) => {
        const text = print(tree, new Style(choices));
        const { values, scope } = makeScope({ x: NaN, y: NaN, z: NaN }, EVENTS);
        const compiled = compileValue(text, scope, 'p');
        const model = new Interpreter(values);
        const copy = JSON.parse(JSON.stringify(tree)) as Num;
        series.forEach((bar, i) => {
          Object.assign(values, bar);
          const expected = model.num(copy);
          const actual = compiled.value();
          expect(close(actual, expected), `${text} at bar ${i}: ${actual} vs ${expected}`).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('formatRule output parses back to the same tree', () => {
    const shape = (node: RuleNode): unknown => {
      switch (node.kind) {
        case 'number': case 'boolean': return node.value;
        case 'name': return node.name;
        case 'negate': case 'not': return [node.kind, shape(node.operand)];
        case 'call': return [node.name, ...node.args.map(shape)];
        case 'lookback': return ['ago', node.bars, shape(node.operand)];
        default: return [node.op, shape(node.left), shape(node.right)];
      }
    };
    fc.assert(
      fc.property(bool, fc.array(fc.nat(), { minLength: 1, maxLength: 32 }), (tree, choices) => {
        const parsed = parseRule(print(tree, new Style(choices)), 'p');
        const formatted = formatRule(parsed);
        expect(shape(parseRule(formatted, 'p')), formatted).toEqual(shape(parsed));
        expect(formatRule(parseRule(formatted, 'p')), 'formatting is idempotent').toBe(formatted);
      }),
      { numRuns: 300 },
    );
  });
});
