/**
 * A fraction as a percentage for people to read (0.1234 → "12.34%"): the one formatter the reports, the CLI and
 * the engine's messages share. `missing` stands in for a value that is not a number (null, undefined); `sign`
 * puts "+" before zero and positive values.
 */
export function formatPercent(x: unknown, opts: { digits?: number; sign?: boolean; missing?: string } = {}): string {
  if (typeof x !== 'number') return opts.missing ?? '–';
  return `${opts.sign && x >= 0 ? '+' : ''}${(x * 100).toFixed(opts.digits ?? 2)}%`;
}
