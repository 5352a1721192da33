import { describe, expect, it } from 'vitest';
import type { RuleNode } from './ast.ts';
import { formatRule } from './format.ts';
import { ruleNames } from './names.ts';
import { parseRule } from './parser.ts';

/** Fully parenthesised prefix form, so tests state the tree shape without spans. */
function sexp(node: RuleNode): string {
  switch (node.kind) {
    case 'number': return String(node.value);
    case 'boolean': return String(node.value);
    case 'name': return node.name;
    case 'negate': return `(neg ${sexp(node.operand)})`;
    case 'not': return `(not ${sexp(node.operand)})`;
    case 'call': return `(${node.name} ${node.args.map(sexp).join(' ')})`;
    case 'lookback': return `(ago ${node.bars} ${sexp(node.operand)})`;
    default: return `(${node.op} ${sexp(node.left)} ${sexp(node.right)})`;
  }
}

const tree = (text: string) => sexp(parseRule(text, 'p'));

describe('parseRule precedence and associativity', () => {
  it('binds AND tighter than OR', () => {
    expect(tree('a OR b AND c')).toBe('(or a (and b c))');
    expect(tree('a AND b OR c')).toBe('(or (and a b) c)');
  });

  it('binds NOT tighter than AND but looser than comparison', () => {
    expect(tree('NOT a AND b')).toBe('(and (not a) b)');
    expect(tree('NOT rsi > 70')).toBe('(not (> rsi 70))');
    expect(tree('NOT NOT a')).toBe('(not (not a))');
  });

  it('binds comparison looser than arithmetic, * / tighter than + -, unary minus tightest', () => {
    expect(tree('close > bb.upper * 1.01')).toBe('(> close (* bb.upper 1.01))');
    expect(tree('a + b * c - d / e < f')).toBe('(< (- (+ a (* b c)) (/ d e)) f)');
    expect(tree('-a * b')).toBe('(* (neg a) b)');
    expect(tree('- -a')).toBe('(neg (neg a))');
    expect(tree('a - -1')).toBe('(- a (neg 1))');
  });

  it('associates binary operators to the left', () => {
    expect(tree('a - b - c')).toBe('(- (- a b) c)');
    expect(tree('a / b / c')).toBe('(/ (/ a b) c)');
    expect(tree('a OR b OR c')).toBe('(or (or a b) c)');
    expect(tree('a AND b AND c')).toBe('(and (and a b) c)');
  });

  it('lets parentheses override precedence', () => {
    expect(tree('(a OR b) AND c')).toBe('(and (or a b) c)');
    expect(tree('(a + b) * c')).toBe('(* (+ a b) c)');
    expect(tree('NOT (a AND b)')).toBe('(not (and a b))');
    expect(tree('((a))')).toBe('a');
  });

  it('accepts keywords in any case and symbolic synonyms', () => {
    expect(tree('a or B and not c')).toBe(tree('a OR B AND NOT c'));
    expect(tree('a Or B aNd NoT c')).toBe('(or a (and B (not c)))');
    expect(tree('a || B && !c')).toBe('(or a (and B (not c)))');
    expect(tree('TRUE AND False')).toBe('(and true false)');
  });

  it('parses function calls with expression arguments, names case-insensitive', () => {
    expect(tree('crosses_above(fast, slow * 2)')).toBe('(crosses_above fast (* slow 2))');
    expect(tree('CROSSES_BELOW(close, bb.lower)')).toBe('(crosses_below close bb.lower)');
  });

  it('parses lookbacks as postfix, tighter than unary minus, on names, calls and parentheses', () => {
    expect(tree('close[1]')).toBe('(ago 1 close)');
    expect(tree('-close[1] * 2')).toBe('(* (neg (ago 1 close)) 2)');
    expect(tree('highest(high, 20)[1]')).toBe('(ago 1 (highest high 20))');
    expect(tree('(close - open)[2]')).toBe('(ago 2 (- close open))');
    expect(tree('macd.histogram[1][2]')).toBe('(ago 2 (ago 1 macd.histogram))');
    const node = parseRule('x < close[12]', 'p');
    expect(node.kind === 'compare' && [node.right.start, node.right.end], 'the span covers the brackets').toEqual([4, 13]);
  });

  it('keeps spans that cover the source text, parentheses included', () => {
    const node = parseRule('rsi < 70 AND (close > 3)', 'p');
    expect(node.kind === 'logical' && [node.right.start, node.right.end]).toEqual([13, 24]);
  });
});

describe('formatRule', () => {
  it('prints minimal parentheses and re-parses to the same tree', () => {
    const cases = [
      'a - (b - c) * -(-d) / e OR NOT (x < y AND NOT z)',
      '(a OR b) AND NOT (c OR d)',
      'crosses_above(a + 1, -b) AND x != 1e-7',
      'a / (b * c) >= (d - e) - f',
    ];
    for (const text of cases) {
      const printed = formatRule(parseRule(text, 'p'));
      expect(tree(printed), printed).toBe(tree(text));
    }
    expect(formatRule(parseRule('(a or (b and c))', 'p'))).toBe('a OR b AND c');
    expect(formatRule(parseRule('((close - open))[2] > -(close[1]) AND HIGHEST(high, 20)[1][0] < x@h4[3]', 'p'))).toBe('(close - open)[2] > -close[1] AND highest(high, 20)[1][0] < x@h4[3]');
  });
});

describe('ruleNames', () => {
  it('lists referenced identifiers once, in order, without function names', () => {
    expect(ruleNames('crosses_above(fast, slow) AND rsi < 70 OR fast > bb.upper')).toEqual(['fast', 'slow', 'rsi', 'bb.upper']);
    expect(ruleNames('true')).toEqual([]);
    expect(ruleNames('close@h4[1] > highest(high, 20)[1] AND bars_since(rsi < 30) < 3'), 'through lookbacks and calls, suffixes kept').toEqual(['close@h4', 'high', 'rsi']);
  });
});
