import type { RuleScope } from './scope.ts';

type EventSpec = NonNullable<ReturnType<RuleScope['event']>>;

/** A hand-made scope for tests: `values` is mutable, so a test sets numbers, then calls `test()` as a bar closes. */
export function makeScope(initial: Record<string, number>, events: Record<string, EventSpec> = {}): { values: Record<string, number>; scope: RuleScope } {
  const values = { ...initial };
  const scope: RuleScope = {
    value: (name) => (Object.hasOwn(values, name) ? () => values[name] : null),
    event: (name) => (Object.hasOwn(events, name) ? events[name] : null),
    names: () => [...Object.keys(values), ...Object.keys(events)],
  };
  return { values, scope };
}

/** The scope most tests use: candle fields, a few indicators and the two MACD events. */
export function tradingScope(): { values: Record<string, number>; scope: RuleScope } {
  return makeScope(
    {
      open: 10, high: 12, low: 9, close: 11, volume: 1000,
      rsi: 50, 'rsi.oversold': 30, 'macd.line': 0, 'macd.signal': 0, 'macd.histogram': 0,
      'bb.upper': 12, 'bb.lower': 8, fast: 1, slow: 2,
    },
    {
      macd_crossover_bullish: { a: 'macd.line', b: 'macd.signal', direction: 'above' },
      macd_crossover_bearish: { a: 'macd.line', b: 'macd.signal', direction: 'below' },
      macd_histogram_positive: { a: 'macd.histogram', b: '0', direction: 'above' },
    },
  );
}
