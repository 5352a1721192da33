/** What went wrong, for callers that react to the kind of mistake rather than the text. */
export type RuleErrorCode = 'empty' | 'syntax' | 'unknown-name' | 'unknown-function' | 'arity' | 'type' | 'event' | 'window';

export interface RuleErrorInit {
  code: RuleErrorCode;
  /** The problem, without path, position or hint: `unknown name "rsii"`. */
  detail: string;
  path: string;
  expression: string;
  /** 0-based offset of the offending text; `end` (exclusive) widens the caret underline. */
  start: number;
  end?: number;
  /** Shown in parentheses after the position: `did you mean "rsi"?`. */
  hint?: string;
}

/**
 * A rule that cannot be compiled. The message names the config path and the 1-based column, then echoes
 * the expression with a caret line under the offending text:
 *
 *     rules.entry.condition: unknown name "rsii" at column 1 (did you mean "rsi"?)
 *       rsii < 70
 *       ^^^^
 */
export class RuleError extends Error {
  readonly code: RuleErrorCode;
  readonly detail: string;
  readonly path: string;
  readonly expression: string;
  /** 1-based column of the offending text (expression length + 1 for "unexpected end"). */
  readonly column: number;
  readonly hint: string | undefined;

  constructor(init: RuleErrorInit) {
    const column = init.start + 1;
    const width = Math.max(1, (init.end ?? init.start + 1) - init.start);
    const where = `${init.path ? `${init.path}: ` : ''}${init.detail} at column ${column}${init.hint ? ` (${init.hint})` : ''}`;
    // Whitespace such as tabs or newlines would break the caret alignment: echo it as plain spaces.
    const echo = init.expression.replace(/\s/g, ' ');
    super(`${where}\n  ${echo}\n  ${' '.repeat(init.start)}${'^'.repeat(width)}`);
    this.name = 'RuleError';
    this.code = init.code;
    this.detail = init.detail;
    this.path = init.path;
    this.expression = init.expression;
    this.column = column;
    this.hint = init.hint;
  }
}
