import { UsageError } from '../args.ts';
import { parseTimestamp } from '../../data/formats/time-parse.ts';

/** A time option as the data commands read it: any form `strata data import` reads (ISO 8601 or epoch). */
export function time(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const t = parseTimestamp(value);
  if (!Number.isFinite(t)) throw new UsageError(`${flag}: cannot read "${value}" as a time (use ISO 8601 such as 2024-01-01 or epoch ms)`);
  return t;
}

/** A required option's value; a usage error naming the flag when it is missing or empty. */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}
