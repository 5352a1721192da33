import { RuleError } from './errors.ts';

export type TokenKind =
  | 'number' | 'name' | 'true' | 'false' | 'and' | 'or' | 'not'
  | '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!='
  | '(' | ')' | '[' | ']' | ',' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text, as written (`And`, `&&`, `1e-3`). */
  readonly text: string;
  /** Numeric value of a `number` token, NaN otherwise. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

const KEYWORDS: Readonly<Record<string, TokenKind>> = { and: 'and', or: 'or', not: 'not', true: 'true', false: 'false' };

/** Longest first, so `<=` wins over `<` and `!=` over `!`. */
const OPERATORS: readonly (readonly [string, TokenKind])[] = [
  ['&&', 'and'], ['||', 'or'], ['<=', '<='], ['>=', '>='], ['==', '=='], ['!=', '!='],
  ['<', '<'], ['>', '>'], ['!', 'not'], ['+', '+'], ['-', '-'], ['*', '*'], ['/', '/'],
  ['(', '('], [')', ')'], ['[', '['], [']', ']'], [',', ','],
];

/** Operators people type from other languages, with what they meant. */
const NEAR_MISSES: Readonly<Record<string, string>> = { '=': '==', '&': '&&', '|': '||' };

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** A name may carry a series suffix: `close@h4`, `macd.histogram@eth` (one token; the scope resolves the series). */
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:@[A-Za-z_][A-Za-z0-9_]*)?/y;
const WORD_CHAR = /[A-Za-z0-9_.@]/;
const SPACE = /\s/;

/** Splits a rule into tokens, ending with an `end` token. Keywords are case-insensitive; `&&`, `||`, `!` are synonyms. */
export function tokenize(expression: string, path: string): Token[] {
  const tokens: Token[] = [];
  const fail = (detail: string, start: number, end: number, hint?: string): never => {
    throw new RuleError({ code: 'syntax', detail, path, expression, start, end, hint });
  };
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i];
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(expression);
      if (m === null) fail(`unexpected "${ch}"`, i, i + 1);
      let end = i + m![0].length;
      if (end < expression.length && WORD_CHAR.test(expression[end])) {
        while (end < expression.length && WORD_CHAR.test(expression[end])) end++;
        fail(`malformed number "${expression.slice(i, end)}"`, i, end);
      }
      tokens.push({ kind: 'number', text: m![0], value: Number(m![0]), start: i, end });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      NAME.lastIndex = i;
      const text = NAME.exec(expression)![0];
      const end = i + text.length;
      if (expression[end] === '.' || expression[end] === '@') {
        const hint = expression[end] === '@' ? (text.includes('@') ? 'a name has at most one series suffix' : 'a series suffix names a series, e.g. close@h4') : undefined;
        fail(`malformed name "${text}${expression[end]}"`, i, end + 1, hint);
      }
      const keyword = /[.@]/.test(text) ? undefined : KEYWORDS[text.toLowerCase()];
      tokens.push({ kind: keyword ?? 'name', text, value: NaN, start: i, end });
      i = end;
      continue;
    }
    const op = OPERATORS.find(([symbol]) => expression.startsWith(symbol, i));
    if (op !== undefined) {
      tokens.push({ kind: op[1], text: op[0], value: NaN, start: i, end: i + op[0].length });
      i += op[0].length;
      continue;
    }
    const meant = NEAR_MISSES[ch];
    fail(`unexpected "${ch}"`, i, i + 1, meant ? `did you mean "${meant}"?` : undefined);
  }
  tokens.push({ kind: 'end', text: '', value: NaN, start: expression.length, end: expression.length });
  return tokens;
}
