import { closest } from '../rules/suggest.ts';

/** "unknown indicator type "stoch_rsi"; did you mean "stochrsi"?" (the list of types when nothing is close). */
export function unknownTypeMessageFor(type: unknown, known: readonly string[]): string {
  const shown = typeof type === 'string' ? `"${type}"` : String(JSON.stringify(type));
  const guess = typeof type === 'string' ? closest(type, known) : null;
  return guess !== null
    ? `unknown indicator type ${shown}; did you mean "${guess}"?`
    : `unknown indicator type ${shown}; known types: ${known.join(', ')}`;
}
