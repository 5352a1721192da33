import { describe, expect, it } from 'vitest';
import { compileRule, validateRule } from './compile.ts';
import type { RuleErrorCode } from './errors.ts';
import { parseRule } from './parser.ts';
import { tokenize } from './lexer.ts';
import { makeScope, tradingScope } from './test-scope.ts';

const P = 'rules.entry.condition';

/** The whole message (detail, column, hint, echo and caret) and the code of the error a rule gets. */
function rejected(expression: string, scope = tradingScope().scope): { code: RuleErrorCode; message: string } {
  const error = validateRule(expression, scope, P);
  if (error === null) throw new Error(`expected "${expression}" to be rejected`);
  return { code: error.code, message: error.message };
}

const message = (...lines: string[]) => lines.join('\n');

describe('errors of lookbacks and functions, message by message', () => {
  it('an unknown function suggests the closest known one', () => {
    expect(rejected('close > highets(high, 20)[1]')).toEqual({ code: 'unknown-function', message: message(
      `${P}: unknown function "highets" at column 9 (did you mean "highest"?)`,
      '  close > highets(high, 20)[1]',
      '          ^^^^^^^',
    ) });
  });

  it('a wrong number of arguments shows the signature', () => {
    expect(rejected('close > highest(high)')).toEqual({ code: 'arity', message: message(
      `${P}: highest expects 2 arguments but got 1 at column 9 (highest(x, n))`,
      '  close > highest(high)',
      '          ^^^^^^^',
    ) });
    expect(rejected('abs(close, 1) > 0').message.split('\n')[0]).toBe(`${P}: abs expects 1 argument but got 2 at column 1 (abs(x))`);
  });

  it('a window that is not a literal is refused at the argument (its buffer is sized at compile time)', () => {
    expect(rejected('close > highest(high, rsi)')).toEqual({ code: 'window', message: message(
      `${P}: the window of highest(x, n) must be a whole number of bars written in the rule, got "rsi" at column 23 (e.g. highest(close, 20))`,
      '  close > highest(high, rsi)',
      '                        ^^^',
    ) });
  });

  it('a window that is not a positive whole number is refused, whatever is wrong with it', () => {
    expect(rejected('sma(close, 0) > 1')).toEqual({ code: 'window', message: message(
      `${P}: the window of sma(x, n) must be a whole number from 1 to 100000, got 0 at column 12`,
      '  sma(close, 0) > 1',
      '             ^',
    ) });
    expect(rejected('close > lowest(low, -3)').message.split('\n')[0]).toBe(`${P}: the window of lowest(x, n) must be a whole number from 1 to 100000, got -3 at column 21`);
    expect(rejected('stdev(close, 2.5) > 1').message.split('\n')[0]).toBe(`${P}: the window of stdev(x, n) must be a whole number from 1 to 100000, got 2.5 at column 14`);
    expect(rejected('rising(close, 1000000)').message.split('\n')[0]).toBe(`${P}: the window of rising(x, n) must be a whole number from 1 to 100000, got 1000000 at column 15`);
  });

  it('a lookback on a condition is refused, pointing to bars_since', () => {
    expect(rejected('(close > open)[1]')).toEqual({ code: 'type', message: message(
      `${P}: a lookback needs a number but "(close > open)" is a condition at column 1 (for "bars since it held" use bars_since(close > open))`,
      '  (close > open)[1]',
      '  ^^^^^^^^^^^^^^',
    ) });
  });

  it('a lookback that is not a literal, negative or fractional is refused at the index', () => {
    expect(rejected('close > close[rsi]')).toEqual({ code: 'window', message: message(
      `${P}: a lookback must be a whole number of bars written in the rule, got name "rsi" at column 15 (e.g. close[1] for the previous bar)`,
      '  close > close[rsi]',
      '                ^^^',
    ) });
    expect(rejected('close > close[-1]')).toEqual({ code: 'window', message: message(
      `${P}: a lookback must be a whole number of bars from 0 to 100000, got -1 at column 15 (a negative lookback would read a bar that has not closed yet)`,
      '  close > close[-1]',
      '                ^^',
    ) });
    expect(rejected('close > close[1.5]').message.split('\n')[0]).toBe(`${P}: a lookback must be a whole number of bars from 0 to 100000, got 1.5 at column 15`);
    expect(rejected('close > close[]').message.split('\n')[0]).toBe(`${P}: a lookback must be a whole number of bars written in the rule, got nothing at column 15 (e.g. close[1] for the previous bar)`);
  });

  it('an unclosed lookback names the "[" it should close', () => {
    expect(rejected('close > close[1')).toEqual({ code: 'syntax', message: message(
      `${P}: expected "]" but found end of expression at column 16 (to close "[" at column 14)`,
      '  close > close[1',
      '                 ^',
    ) });
  });

  it('a condition where a function wants a number, and a number where bars_since wants a condition', () => {
    expect(rejected('highest(close > open, 3) > 1').message.split('\n')[0]).toBe(`${P}: expected a number but "close > open" is a condition at column 9`);
    expect(rejected('bars_since(close) < 3').message.split('\n')[0]).toBe(`${P}: expected a condition but "close" is a number at column 12 (compare it, e.g. "close > 0")`);
  });
});

describe('series-suffixed names (name@alias)', () => {
  const series = () => {
    const asked: string[] = [];
    const { scope } = makeScope({ close: 1, 'close@h4': 2, 'trend@h4': 3 });
    return { asked, scope: { ...scope, value: (name: string) => (asked.push(name), scope.value(name)) } };
  };

  it('lex as one name token, keywords excepted', () => {
    expect(tokenize('close@h4 > trend@h4 and macd.histogram@eth[1]', 'p').map((t) => [t.kind, t.text])).toEqual([
      ['name', 'close@h4'], ['>', '>'], ['name', 'trend@h4'], ['and', 'and'], ['name', 'macd.histogram@eth'], ['[', '['], ['number', '1'], [']', ']'], ['end', ''],
    ]);
    expect(tokenize('and@h4', 'p')[0].kind, 'a suffixed keyword is a name').toBe('name');
  });

  it('parse with lookbacks and inside functions', () => {
    const node = parseRule('close@h4[1] < highest(close@h4, 3)', 'p');
    expect(node.kind === 'compare' && node.left.kind === 'lookback' && node.left.operand).toMatchObject({ kind: 'name', name: 'close@h4' });
  });

  it('reach RuleScope.value() whole, so the scope resolves the series', () => {
    const { asked, scope } = series();
    expect(compileRule('trend@h4[1] < close@h4', scope, P).test(), 'NaN before the lookback exists').toBe(false);
    expect(asked).toEqual(['trend@h4', 'close@h4']);
  });

  it('unknown ones get "did you mean" from the scope\'s names, and a malformed suffix is a syntax error', () => {
    const { scope } = series();
    expect(rejected('close@h5 > 1', scope).message).toBe(message(
      `${P}: unknown name "close@h5" at column 1 (did you mean "close@h4"?)`,
      '  close@h5 > 1',
      '  ^^^^^^^^',
    ));
    expect(rejected('close@weekly > 1', scope).message.split('\n')[0]).toBe(`${P}: unknown name "close@weekly" at column 1 ("close" is known; is the series "weekly" declared?)`);
    expect(rejected('close@ > 1', scope).message.split('\n')[0]).toBe(`${P}: malformed name "close@" at column 1 (a series suffix names a series, e.g. close@h4)`);
    expect(rejected('close@h4@x > 1', scope).message.split('\n')[0]).toBe(`${P}: malformed name "close@h4@" at column 1 (a name has at most one series suffix)`);
  });
});
