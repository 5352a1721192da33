import { describe, expect, it } from 'vitest';
import { compileRule, validateRule } from './compile.ts';
import { RuleError, type RuleErrorCode } from './errors.ts';
import { ruleNames } from './names.ts';
import { makeScope, tradingScope } from './test-scope.ts';

const P = 'rules.entry.condition';

function errorOf(expression: string, scope = tradingScope().scope): RuleError {
  const error = validateRule(expression, scope, P);
  if (error === null) throw new Error(`expected "${expression}" to be rejected`);
  return error;
}

/** [expression, code, column, text the detail contains, hint it contains (optional)] */
type Case = [string, RuleErrorCode, number, string, string?];

function check(cases: Case[]): void {
  for (const [expression, code, column, detail, hint] of cases) {
    const error = errorOf(expression);
    expect({ code: error.code, column: error.column }, `${expression}: ${error.message}`).toEqual({ code, column });
    expect(error.detail, expression).toContain(detail);
    if (hint !== undefined) expect(error.hint, expression).toContain(hint);
  }
}

describe('RuleError', () => {
  it('names the path and column, and echoes the expression with a caret line', () => {
    const error = errorOf('rsii < 70');
    expect(error).toBeInstanceOf(RuleError);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(['rules.entry.condition: unknown name "rsii" at column 1 (did you mean "rsi"?)', '  rsii < 70', '  ^^^^'].join('\n'));
    expect({ path: error.path, column: error.column, expression: error.expression }).toEqual({ path: P, column: 1, expression: 'rsii < 70' });
  });

  it('puts the caret under the offending text, with tabs and newlines echoed as spaces', () => {
    const error = errorOf('rsi < 70 AND\n\tclsoe > 3');
    expect(error.column).toBe(15);
    expect(error.message.split('\n').slice(1)).toEqual(['  rsi < 70 AND  clsoe > 3', '                ^^^^^']);
  });

  it('is thrown by compileRule and returned by validateRule', () => {
    const { scope } = tradingScope();
    expect(() => compileRule('rsi <', scope, P)).toThrow(RuleError);
    expect(validateRule('rsi < 70', scope, P)).toBeNull();
  });
});

describe('rule errors by kind', () => {
  it('rejects empty expressions', () => {
    check([
      ['', 'empty', 1, 'empty expression'],
      ['   ', 'empty', 1, 'empty expression'],
    ]);
  });

  it('rejects bad characters and malformed tokens', () => {
    check([
      ['rsi # 3', 'syntax', 5, 'unexpected "#"'],
      ['rsi = 3', 'syntax', 5, 'unexpected "="', 'did you mean "=="?'],
      ['rsi < 3 & close > 1', 'syntax', 9, 'unexpected "&"', '"&&"'],
      ['rsi < 3 | close > 1', 'syntax', 9, 'unexpected "|"', '"||"'],
      ['rsi < 70abc', 'syntax', 7, 'malformed number "70abc"'],
      ['rsi < 1.2.3', 'syntax', 7, 'malformed number "1.2.3"'],
      ['bb. > 3', 'syntax', 1, 'malformed name "bb."'],
    ]);
  });

  it('rejects broken structure at the right column', () => {
    check([
      ['rsi <', 'syntax', 6, 'unexpected end of expression'],
      ['rsi < 70 AND', 'syntax', 13, 'unexpected end of expression'],
      ['AND rsi < 70', 'syntax', 1, 'expected a value but found "AND"'],
      ['rsi < * 3', 'syntax', 7, 'expected a value but found "*"'],
      ['(rsi < 70', 'syntax', 10, 'expected ")" but found end of expression', 'to close "(" at column 1'],
      ['rsi < 70)', 'syntax', 9, 'unexpected ")"'],
      ['rsi < 70 close > 3', 'syntax', 10, 'unexpected name "close" after a complete expression', 'missing AND or OR?'],
      ['rsi < 70 adn close > 3', 'syntax', 10, 'unexpected name "adn"', 'did you mean "AND"?'],
      ['rsi < 30 < 70', 'syntax', 10, 'comparisons cannot be chained'],
      ['crosses_above(fast, slow', 'syntax', 25, 'expected "," or ")"'],
      ['crosses_above(fast,)', 'syntax', 20, 'expected a value but found ")"'],
      ['()', 'syntax', 2, 'expected a value but found ")"'],
    ]);
  });

  it('rejects nesting too deep to be intended', () => {
    const deep = `${'('.repeat(150)}rsi < 3${')'.repeat(150)}`;
    expect(errorOf(deep).detail).toContain('nested more than 100 levels');
    expect(validateRule(`${'('.repeat(50)}rsi < 3${')'.repeat(50)}`, tradingScope().scope, P), '50 levels are fine').toBeNull();
  });

  it('rejects unknown names with a suggestion', () => {
    check([
      ['rsii < 70', 'unknown-name', 1, 'unknown name "rsii"', 'did you mean "rsi"?'],
      ['rsi < 70 AND clsoe > 3', 'unknown-name', 14, 'unknown name "clsoe"', 'did you mean "close"?'],
      ['macd.histgram > 0', 'unknown-name', 1, 'unknown name "macd.histgram"', 'did you mean "macd.histogram"?'],
      ['RSI < 70', 'unknown-name', 1, 'unknown name "RSI"', 'case-sensitive'],
      ['macd.foo > 0', 'unknown-name', 1, 'unknown name "macd.foo"', 'macd.histogram, macd.line, macd.signal'],
      ['macd_crossover_bulish', 'unknown-name', 1, 'unknown name', 'did you mean "macd_crossover_bullish"?'],
    ]);
    expect(errorOf('zzz > 1').hint, 'no suggestion when nothing is close').toBeUndefined();
  });

  it('rejects unknown functions and wrong arity', () => {
    check([
      ['crosses_abov(fast, slow)', 'unknown-function', 1, 'unknown function "crosses_abov"', 'did you mean "crosses_above"?'],
      ['rsi(14) > 3', 'unknown-function', 1, 'unknown function "rsi"', 'a value, not a function'],
      ['close > 1 AND highets(close, 3) > 1', 'unknown-function', 15, 'unknown function "highets"', 'did you mean "highest"?'],
      ['close > 1 AND median(close, 3) > 1', 'unknown-function', 15, 'unknown function "median"', 'known functions: highest, lowest, sma'],
      ['crosses_above(fast)', 'arity', 1, 'expects 2 arguments but got 1'],
      ['rsi < 3 OR crosses_below()', 'arity', 12, 'expects 2 arguments but got 0'],
      ['crosses_above(fast, slow, 1)', 'arity', 1, 'expects 2 arguments but got 3'],
    ]);
  });

  it('rejects numbers where conditions belong, and conditions where numbers belong', () => {
    check([
      ['rsi', 'type', 1, 'expected a condition but "rsi" is a number', 'compare it'],
      ['rsi < 70 AND close', 'type', 14, 'expected a condition but "close" is a number'],
      ['NOT close', 'type', 5, 'expected a condition'],
      ['close * 2', 'type', 1, 'expected a condition but "close * 2" is a number'],
      ['(rsi < 3) + 1 > 0', 'type', 1, 'expected a number but "(rsi < 3)" is a condition'],
      ['crosses_above(rsi > 3, 1)', 'type', 15, 'expected a number but "rsi > 3" is a condition'],
      ['macd_crossover_bullish * 2 > 1', 'type', 1, 'expected a number but "macd_crossover_bullish" is a condition'],
      ['-(rsi < 3)', 'type', 2, 'expected a number'],
      ['true == false', 'type', 1, 'expected a number but "true" is a condition'],
    ]);
  });

  it('reports misconfigured events at the event name', () => {
    const { scope } = makeScope({ a: 1 }, {
      broken: { a: 'missing', b: '0', direction: 'above' },
      nested: { a: 'broken', b: '0', direction: 'above' },
      garbled: { a: 'a +', b: '0', direction: 'below' },
    });
    const broken = errorOf('a > 0 AND broken', scope);
    expect([broken.code, broken.column, broken.detail]).toEqual(['event', 11, 'event "broken" has an invalid operand "missing": unknown name "missing"']);
    expect(errorOf('nested', scope).detail).toContain('event "broken" cannot be an operand of event "nested"');
    expect(errorOf('garbled', scope).detail).toContain('unexpected end of expression');
  });

  it('makes ruleNames throw on syntax errors too', () => {
    expect(() => ruleNames('rsi <')).toThrow(RuleError);
  });
});
