/**
 * Finding the candle columns of a file written by another tool: freqtrade's `date`, or `open_time`,
 * `timestamp`, `time`; numbers in s/ms/us/ns or a timestamp type. Names match case-insensitively.
 */

/** Unit of a numeric epoch time column. */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/** Time column names tried in this order. */
export const TIME_COLUMN_NAMES = ['date', 'open_time', 'opentime', 'timestamp', 'time', 'datetime'] as const;

/** Price and volume columns, in the order sources emit them. */
export const VALUE_COLUMN_NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Options naming the columns of a file when they are not the usual ones. */
export interface FileColumnOptions {
  /** Name of the open-time column; default: the first of TIME_COLUMN_NAMES present. */
  readonly timeColumn?: string;
  /** Unit of a numeric time column; default: guessed from the first value's magnitude (guessEpochUnit). */
  readonly timeUnit?: EpochUnit;
}

/** The candle columns' actual names in a file: time first, then open, high, low, close, volume. */
export function pickColumns(file: string, names: readonly string[], timeColumn?: string): { time: string; values: string[] } {
  const byLower = new Map<string, string>();
  for (const n of names) if (!byLower.has(n.toLowerCase())) byLower.set(n.toLowerCase(), n);
  const wantedTimes = timeColumn !== undefined ? [timeColumn] : TIME_COLUMN_NAMES;
  const time = wantedTimes.map((w) => byLower.get(w.toLowerCase())).find((n) => n !== undefined);
  const missing: string[] = [];
  if (time === undefined) missing.push(timeColumn ?? `a time column (${TIME_COLUMN_NAMES.join(', ')})`);
  const values = VALUE_COLUMN_NAMES.map((w) => {
    const n = byLower.get(w);
    if (n === undefined) missing.push(w);
    return n ?? w;
  });
  if (missing.length > 0) {
    throw new Error(`${file}: missing column ${missing.join(', ')} (columns: ${names.join(', ')})`);
  }
  return { time: time as string, values };
}

/**
 * Unit of an epoch number by magnitude: below 1e11 seconds (up to year 5138), below 1e14 milliseconds
 * (from 1973), below 1e17 microseconds, else nanoseconds. Pass an explicit unit for anything else.
 */
export function guessEpochUnit(value: number): EpochUnit {
  const a = Math.abs(value);
  if (a < 1e11) return 's';
  if (a < 1e14) return 'ms';
  if (a < 1e17) return 'us';
  return 'ns';
}

/** Milliseconds per unit (ms = 1). */
export const MS_PER_UNIT: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** SQL quoted identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d*)$/;
const FLOAT_TYPES = /^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/;

/** True when a DuckDB column type holds numbers whose unit must be known (or guessed). */
export function isNumericSqlType(type: string): boolean {
  return INTEGER_TYPES.test(type) || FLOAT_TYPES.test(type);
}

/**
 * SQL expression giving the open time in epoch ms as DOUBLE for a DuckDB column of `type`.
 * Integer nanoseconds/microseconds are divided in integer arithmetic, so no precision is lost above 2^53.
 */
export function sqlTimeMs(ident: string, type: string, unit: EpochUnit | undefined, file: string): string {
  if (type.startsWith('TIMESTAMP')) return `CAST(epoch_ms(${ident}) AS DOUBLE)`;
  if (type === 'DATE' || type === 'VARCHAR') return `CAST(epoch_ms(CAST(${ident} AS TIMESTAMP)) AS DOUBLE)`;
  if (!isNumericSqlType(type)) throw new Error(`${file}: time column ${ident} has type ${type}, not a time or a number`);
  if (unit === undefined) throw new Error(`${file}: unit of time column ${ident} unknown`);
  if (INTEGER_TYPES.test(type)) {
    if (unit === 'us') return `CAST(${ident} // 1000 AS DOUBLE)`;
    if (unit === 'ns') return `CAST(${ident} // 1000000 AS DOUBLE)`;
  }
  if (unit === 's') return `(CAST(${ident} AS DOUBLE) * 1000)`;
  if (unit === 'ms') return `CAST(${ident} AS DOUBLE)`;
  return `floor(CAST(${ident} AS DOUBLE) * ${MS_PER_UNIT[unit]})`;
}
