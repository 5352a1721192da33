import { UsageError } from './args.ts';

/** Parses a --from/--to value: an ISO date or date-time (UTC unless it says otherwise) or epoch milliseconds. */
export function parseTimeArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{10,}$/.test(value)) return Number(value);
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(withZone);
  if (!Number.isFinite(t)) throw new UsageError(`--${name} "${value}" is not a date (use 2024-01-01, 2024-01-01T12:00 or epoch ms)`);
  return t;
}
