/** Throws unless `value` is a positive safe integer; the message names the field. */
export function requirePeriod(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${field} must be a positive integer; got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0; the message names the field. */
export function requirePositive(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${field} must be a finite number > 0; got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in [min, max]; the message names the field. */
export function requireInRange(field: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${field} must be a number in [${min}, ${max}]; got ${String(value)}`);
  }
  return value;
}
