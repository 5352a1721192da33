/**
 * What a rule can see. The strategy instance builds one scope per instance; the compiler asks it once per
 * name at compile time and keeps the returned getters, so lookups never happen per bar.
 */
export interface RuleScope {
  /** A getter for a numeric identifier (`close`, `rsi`, `macd.histogram`), or null if the name is unknown. NaN means "not ready yet". */
  value(name: string): (() => number) | null;
  /**
   * Expansion of a named boolean event such as `macd_crossover_bullish` into a crossing, or null if unknown.
   * `a` and `b` are numeric rule expressions over the same scope (usually plain names such as `macd.line`,
   * or a number such as `0`).
   */
  event(name: string): { a: string; b: string; direction: 'above' | 'below' } | null;
  /** Every name the scope knows, for "did you mean" suggestions in errors. */
  names(): string[];
}
