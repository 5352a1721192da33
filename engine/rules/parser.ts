import type { ArithmeticOp, CompareOp, RuleNode } from './ast.ts';
import { RuleError } from './errors.ts';
import { MAX_WINDOW } from './functions.ts';
import { tokenize, type Token, type TokenKind } from './lexer.ts';
import { closest } from './suggest.ts';

/** Deeper nesting than this is certainly a mistake, and would otherwise risk overflowing the stack. */
const MAX_DEPTH = 100;

const COMPARE_OPS: ReadonlySet<TokenKind> = new Set(['<', '<=', '>', '>=', '==', '!=']);

/**
 * Parses a rule into a syntax tree. Precedence, loosest first: OR, AND, NOT, comparison (not chainable),
 * `+ -`, `* /`, unary minus, then the postfix lookback `x[n]` (tightest: `-close[1]` is `-(close[1])`).
 * Binary operators associate to the left.
 */
export function parseRule(expression: string, path: string): RuleNode {
  return new Parser(expression, path).parse();
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end': return 'end of expression';
    case 'number': return `number ${token.text}`;
    case 'name': return `name "${token.text}"`;
    default: return `"${token.text}"`;
  }
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(private readonly expression: string, private readonly path: string) {
    this.tokens = tokenize(expression, path);
  }

  parse(): RuleNode {
    if (this.peek().kind === 'end') {
      throw new RuleError({ code: 'empty', detail: 'empty expression', path: this.path, expression: this.expression, start: 0 });
    }
    const node = this.or();
    const next = this.peek();
    if (next.kind !== 'end') {
      // Two complete expressions in a row almost always mean a missing or misspelt AND/OR.
      const keyword = next.kind === 'name' ? closest(next.text.toUpperCase(), ['AND', 'OR', 'NOT']) : null;
      const hint = keyword ? `did you mean "${keyword}"?` : next.kind === ')' ? 'no "(" to close' : 'missing AND or OR?';
      this.fail(`unexpected ${describe(next)} after a complete expression`, next, hint);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private fail(detail: string, token: Pick<Token, 'start' | 'end'>, hint?: string, code: 'syntax' | 'window' = 'syntax'): never {
    throw new RuleError({ code, detail, path: this.path, expression: this.expression, start: token.start, end: Math.max(token.end, token.start + 1), hint });
  }

  private or(): RuleNode {
    let left = this.and();
    while (this.peek().kind === 'or') {
      this.next();
      const right = this.and();
      left = { kind: 'logical', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): RuleNode {
    let left = this.not();
    while (this.peek().kind === 'and') {
      this.next();
      const right = this.not();
      left = { kind: 'logical', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): RuleNode {
    const token = this.peek();
    if (token.kind !== 'not') return this.comparison();
    this.next();
    const operand = this.nested(() => this.not());
    return { kind: 'not', operand, start: token.start, end: operand.end };
  }

  private comparison(): RuleNode {
    const left = this.additive();
    if (!COMPARE_OPS.has(this.peek().kind)) return left;
    const op = this.next().kind as CompareOp;
    const right = this.additive();
    const extra = this.peek();
    if (COMPARE_OPS.has(extra.kind)) this.fail('comparisons cannot be chained', extra, 'join them with AND');
    return { kind: 'compare', op, left, right, start: left.start, end: right.end };
  }

  private additive(): RuleNode {
    let left = this.multiplicative();
    for (let kind = this.peek().kind; kind === '+' || kind === '-'; kind = this.peek().kind) {
      this.next();
      const right = this.multiplicative();
      left = { kind: 'arithmetic', op: kind as ArithmeticOp, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): RuleNode {
    let left = this.unary();
    for (let kind = this.peek().kind; kind === '*' || kind === '/'; kind = this.peek().kind) {
      this.next();
      const right = this.unary();
      left = { kind: 'arithmetic', op: kind as ArithmeticOp, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): RuleNode {
    const token = this.peek();
    if (token.kind !== '-') return this.postfix();
    this.next();
    const operand = this.nested(() => this.unary());
    return { kind: 'negate', operand, start: token.start, end: operand.end };
  }

  /** A primary followed by any number of lookbacks: `close[1]`, `highest(high, 20)[1]`, `(close - open)[2]`. */
  private postfix(): RuleNode {
    let node = this.primary();
    while (this.peek().kind === '[') {
      const open = this.next();
      const bars = this.next();
      const written = bars.kind === '-' && this.peek().kind === 'number' ? `-${this.next().text}` : bars.kind === 'number' ? bars.text : null;
      if (written === null) {
        const found = bars.kind === 'end' || bars.kind === ']' ? 'nothing' : describe(bars);
        this.fail(`a lookback must be a whole number of bars written in the rule, got ${found}`, bars, 'e.g. close[1] for the previous bar', 'window');
      }
      const value = Number(written);
      if (!Number.isInteger(value) || value < 0 || value > MAX_WINDOW) {
        const hint = value < 0 ? 'a negative lookback would read a bar that has not closed yet' : undefined;
        this.fail(`a lookback must be a whole number of bars from 0 to ${MAX_WINDOW}, got ${written}`, { ...bars, end: this.tokens[this.index - 1].end }, hint, 'window');
      }
      const close = this.next();
      if (close.kind !== ']') this.fail(`expected "]" but found ${describe(close)}`, close, `to close "[" at column ${open.start + 1}`);
      node = { kind: 'lookback', operand: node, bars: value, start: node.start, end: close.end };
    }
    return node;
  }

  private primary(): RuleNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value, start: token.start, end: token.end };
      case 'true':
      case 'false':
        return { kind: 'boolean', value: token.kind === 'true', start: token.start, end: token.end };
      case 'name':
        return this.peek().kind === '(' ? this.call(token) : { kind: 'name', name: token.text, start: token.start, end: token.end };
      case '(': {
        const inner = this.nested(() => this.or());
        const close = this.next();
        if (close.kind !== ')') this.fail(`expected ")" but found ${describe(close)}`, close, `to close "(" at column ${token.start + 1}`);
        // The parentheses belong to the span, so carets and error slices show them.
        return { ...inner, start: token.start, end: close.end };
      }
      case 'end':
        return this.fail('unexpected end of expression', token, 'expected a value');
      default:
        return this.fail(`expected a value but found ${describe(token)}`, token);
    }
  }

  private call(name: Token): RuleNode {
    this.next(); // "("
    const args: RuleNode[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.nested(() => this.or()));
        if (this.peek().kind !== ',') break;
        this.next();
      }
    }
    const close = this.next();
    if (close.kind !== ')') this.fail(`expected "," or ")" but found ${describe(close)}`, close, `to close "${name.text}(" at column ${name.start + 1}`);
    return { kind: 'call', name: name.text.toLowerCase(), nameEnd: name.end, args, start: name.start, end: close.end };
  }

  private nested(parse: () => RuleNode): RuleNode {
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested more than ${MAX_DEPTH} levels deep`, this.peek());
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}
