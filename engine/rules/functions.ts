/** The largest window or lookback a rule may ask for, in bars (each costs a Float64Array of that length). */
export const MAX_WINDOW = 100_000;

/** What a parameter takes: any numeric expression, any condition, or a window (a whole-number literal, 1..MAX_WINDOW). */
export type ParamKind = 'number' | 'condition' | 'window';

export interface FunctionSpec {
  readonly params: readonly ParamKind[];
  readonly returns: 'number' | 'condition';
  /** How the call is written, for hints: `highest(x, n)`. */
  readonly signature: string;
}

const spec = (returns: FunctionSpec['returns'], signature: string, ...params: ParamKind[]): FunctionSpec => ({ params, returns, signature });

/**
 * Every function the rule language knows (names are case-insensitive). Definitions, warm-up and NaN handling
 * are documented in backtest/REFERENCE.md ("Rule language").
 */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  highest: spec('number', 'highest(x, n)', 'number', 'window'),
  lowest: spec('number', 'lowest(x, n)', 'number', 'window'),
  sma: spec('number', 'sma(x, n)', 'number', 'window'),
  ema: spec('number', 'ema(x, n)', 'number', 'window'),
  stdev: spec('number', 'stdev(x, n)', 'number', 'window'),
  change: spec('number', 'change(x, n)', 'number', 'window'),
  pct_change: spec('number', 'pct_change(x, n)', 'number', 'window'),
  abs: spec('number', 'abs(x)', 'number'),
  min: spec('number', 'min(a, b)', 'number', 'number'),
  max: spec('number', 'max(a, b)', 'number', 'number'),
  bars_since: spec('number', 'bars_since(condition)', 'condition'),
  crosses_above: spec('condition', 'crosses_above(a, b)', 'number', 'number'),
  crosses_below: spec('condition', 'crosses_below(a, b)', 'number', 'number'),
  rising: spec('condition', 'rising(x, n)', 'number', 'window'),
  falling: spec('condition', 'falling(x, n)', 'number', 'window'),
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);
