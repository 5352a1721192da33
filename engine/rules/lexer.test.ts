import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.ts';

const kinds = (text: string) => tokenize(text, 'p').map((t) => t.kind);

describe('tokenize', () => {
  it('reads numbers in plain, decimal and exponent forms', () => {
    const values = tokenize('70 0.5 1e-3 .25 2E+2 5.', 'p').filter((t) => t.kind === 'number').map((t) => t.value);
    expect(values).toEqual([70, 0.5, 0.001, 0.25, 200, 5]);
  });

  it('reads dotted names as one token and keywords in any case', () => {
    expect(kinds('macd.histogram AnD rsi.oversold oR NoT TRUE false')).toEqual(['name', 'and', 'name', 'or', 'not', 'true', 'false', 'end']);
  });

  it('takes &&, || and ! as synonyms, and longest operators first', () => {
    expect(kinds('a && b || !c')).toEqual(['name', 'and', 'name', 'or', 'not', 'name', 'end']);
    expect(kinds('a<=b>=c==d!=e<f>g')).toEqual(['name', '<=', 'name', '>=', 'name', '==', 'name', '!=', 'name', '<', 'name', '>', 'name', 'end']);
  });

  it('does not split keywords out of longer names', () => {
    expect(tokenize('android notional or_x x.and', 'p').map((t) => t.text)).toEqual(['android', 'notional', 'or_x', 'x.and', '']);
    expect(kinds('android notional or_x x.and')).toEqual(['name', 'name', 'name', 'name', 'end']);
  });

  it('records 0-based offsets; the end token sits after the last character', () => {
    const tokens = tokenize(' rsi <  70', 'p');
    expect(tokens.map((t) => [t.start, t.end])).toEqual([[1, 4], [5, 6], [8, 10], [10, 10]]);
  });

  it('treats tabs and newlines as whitespace', () => {
    expect(kinds('rsi\t<\n70')).toEqual(['name', '<', 'number', 'end']);
  });
});
