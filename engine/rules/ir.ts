import type { ArithmeticOp, CompareOp, LogicalOp } from './ast.ts';

/** Rolling-window functions over the last n values of a numeric expression. */
export type WindowFn = 'highest' | 'lowest' | 'sma' | 'ema' | 'stdev';

/**
 * A checked rule: every name resolved to a getter, every event expanded, every type and window validated.
 * The code generator turns it into one function; nothing here can fail any more.
 */
export type NumExpr =
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'get'; readonly fn: () => number }
  | { readonly k: 'neg'; readonly x: NumExpr }
  | { readonly k: 'arith'; readonly op: ArithmeticOp; readonly l: NumExpr; readonly r: NumExpr }
  /** The value `bars` (>= 1) bars ago. */
  | { readonly k: 'lag'; readonly x: NumExpr; readonly bars: number }
  | { readonly k: 'window'; readonly fn: WindowFn; readonly x: NumExpr; readonly n: number }
  | { readonly k: 'math'; readonly fn: 'abs' | 'min' | 'max'; readonly args: readonly NumExpr[] }
  /** x - x[n], or (x - x[n]) / x[n] with `pct`. */
  | { readonly k: 'change'; readonly x: NumExpr; readonly n: number; readonly pct: boolean }
  | { readonly k: 'since'; readonly c: CondExpr };

export type CondExpr =
  | { readonly k: 'lit'; readonly v: boolean }
  | { readonly k: 'not'; readonly x: CondExpr }
  | { readonly k: 'logic'; readonly op: LogicalOp; readonly l: CondExpr; readonly r: CondExpr }
  // The three atoms (support() counts them).
  | { readonly k: 'cmp'; readonly op: CompareOp; readonly l: NumExpr; readonly r: NumExpr }
  | { readonly k: 'cross'; readonly dir: 'above' | 'below'; readonly a: NumExpr; readonly b: NumExpr }
  | { readonly k: 'streak'; readonly dir: 'rising' | 'falling'; readonly x: NumExpr; readonly n: number };

/**
 * Earlier bars the expression reads besides the current one: 0 for `close`, 1 for `close[1]` or a crossing,
 * n - 1 for a window of n, depths add up through nesting (`highest(high, 20)[1]` reads 20 earlier bars).
 * EMA and bars_since also keep a fading or unbounded memory; their depth is what their first value needs.
 */
export function depthOf(e: NumExpr | CondExpr): number {
  switch (e.k) {
    case 'const': case 'get': case 'lit': return 0;
    case 'neg': case 'not': return depthOf(e.x);
    case 'arith': case 'logic': case 'cmp': return Math.max(depthOf(e.l), depthOf(e.r));
    case 'lag': return depthOf(e.x) + e.bars;
    case 'window': return depthOf(e.x) + e.n - 1;
    case 'math': return Math.max(...e.args.map(depthOf));
    case 'change': case 'streak': return depthOf(e.x) + e.n;
    case 'since': return depthOf(e.c);
    case 'cross': return Math.max(depthOf(e.a), depthOf(e.b)) + 1;
  }
}
