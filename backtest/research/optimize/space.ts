/**
 * Parameter spaces for optimisation: integer and float ranges (optionally on a log scale) and choices, each
 * mapped to a coordinate in [0, 1] that the samplers work in. The grid syntax of `strata sweep` stays valid:
 * a grid range or list becomes an ordered choice over exactly those values.
 */
import { parseParamSpec, ParamSpecError, type ParamValue } from '../sweep/param-grid.ts';

export type Dimension =
  | { kind: 'int'; path: string; low: number; high: number; step: number; log: boolean }
  | { kind: 'float'; path: string; low: number; high: number; log: boolean }
  /** `ordered`: the values have a natural order (grid ranges, numeric lists), so neighbours are close. */
  | { kind: 'choice'; path: string; values: ParamValue[]; ordered: boolean };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function num(text: string, what: string, arg: string): number {
  if (!NUMBER.test(text.trim())) throw new ParamSpecError(`--param "${arg}": ${what} "${text}" is not a number`);
  return Number(text);
}

/**
 * Parses one `--param`: `path=int:LOW:HIGH[:STEP][:log]`, `path=float:LOW:HIGH[:log]`, `path=choice:a,b,c`, or
 * the sweep's grid syntax (`a:b:step`, `a,b,c`), which becomes an ordered choice.
 */
export function parseDimension(arg: string): Dimension {
  const eq = arg.indexOf('=');
  const spec = eq > 0 ? arg.slice(eq + 1).trim() : '';
  const kind = /^(int|float|choice):/.exec(spec)?.[1] as 'int' | 'float' | 'choice' | undefined;
  if (!kind) {
    const grid = parseParamSpec(arg);
    return { kind: 'choice', path: grid.path, values: grid.values, ordered: grid.values.every((v) => typeof v === 'number') };
  }
  // The path is checked by the grid parser (dotted keys, no __proto__).
  const path = parseParamSpec(`${arg.slice(0, eq)}=0`).path;
  const parts = spec.slice(kind.length + 1).split(':');
  if (kind === 'choice') {
    const values = parseParamSpec(`${path}=${spec.slice(7)}`).values;
    if (values.length < 2) throw new ParamSpecError(`--param "${arg}": a choice needs at least two values`);
    if (new Set(values.map(String)).size !== values.length) throw new ParamSpecError(`--param "${arg}": a choice lists a value twice`);
    return { kind: 'choice', path, values, ordered: false };
  }
  const log = parts[parts.length - 1] === 'log';
  if (log) parts.pop();
  const usage = kind === 'int' ? 'int:LOW:HIGH[:STEP][:log]' : 'float:LOW:HIGH[:log]';
  if (parts.length < 2 || parts.length > (kind === 'int' ? 3 : 2)) throw new ParamSpecError(`--param "${arg}": expected ${usage}`);
  const low = num(parts[0], 'the low end', arg);
  const high = num(parts[1], 'the high end', arg);
  if (!(high > low)) throw new ParamSpecError(`--param "${arg}": the high end ${high} must be above the low end ${low}`);
  if (log && !(low > 0)) throw new ParamSpecError(`--param "${arg}": a log scale needs a low end above 0`);
  if (kind === 'float') return { kind, path, low, high, log };
  const step = parts.length === 3 ? num(parts[2], 'the step', arg) : 1;
  if (!Number.isInteger(low) || !Number.isInteger(high) || !Number.isInteger(step) || step < 1) throw new ParamSpecError(`--param "${arg}": int bounds and step must be whole numbers (step >= 1)`);
  return { kind, path, low, high, step, log };
}

/** Checks a space: at least one parameter, distinct paths that do not contain each other. */
export function checkSpace(dims: readonly Dimension[]): void {
  if (dims.length === 0) throw new ParamSpecError('give at least one --param');
  const seen: string[] = [];
  for (const d of dims) {
    for (const p of seen) {
      if (p === d.path) throw new ParamSpecError(`--param ${d.path} is given twice`);
      if (d.path.startsWith(`${p}.`) || p.startsWith(`${d.path}.`)) throw new ParamSpecError(`--param ${d.path} overlaps --param ${p}`);
    }
    seen.push(d.path);
  }
}

const clamp01 = (u: number) => (u < 0 ? 0 : u > 1 ? 1 : u);
/** Floats are kept to 6 significant digits: readable tables, and the same value however it was reached. */
const tidy = (x: number) => Number(x.toPrecision(6));

/** The value at coordinate `u` in [0, 1]. */
export function decode(d: Dimension, u: number): ParamValue {
  const t = clamp01(u);
  if (d.kind === 'choice') return d.values[Math.min(d.values.length - 1, Math.round(t * (d.values.length - 1)))];
  const x = d.log ? Math.exp(Math.log(d.low) + t * (Math.log(d.high) - Math.log(d.low))) : d.low + t * (d.high - d.low);
  if (d.kind === 'float') return Math.min(d.high, Math.max(d.low, tidy(x)));
  const k = Math.round((x - d.low) / d.step);
  return Math.min(d.low + Math.floor((d.high - d.low) / d.step) * d.step, d.low + Math.max(0, k) * d.step);
}

/** The coordinate of a value (the inverse of decode on the values decode gives). */
export function encode(d: Dimension, v: ParamValue): number {
  if (d.kind === 'choice') {
    const i = d.values.findIndex((x) => String(x) === String(v));
    return d.values.length === 1 ? 0.5 : Math.max(0, i) / (d.values.length - 1);
  }
  const x = Number(v);
  return clamp01(d.log ? (Math.log(x) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low)) : (x - d.low) / (d.high - d.low));
}

/** Values of a coordinate vector, and the vector snapped back onto the values (what the trial really ran). */
export function decodePoint(dims: readonly Dimension[], u: readonly number[]): { values: ParamValue[]; u: number[] } {
  const values = dims.map((d, k) => decode(d, u[k]));
  return { values, u: dims.map((d, k) => encode(d, values[k])) };
}

/** Every value a dimension takes when it is finite (ints, choices); null for floats. */
export function dimensionValues(d: Dimension): ParamValue[] | null {
  if (d.kind === 'choice') return d.values;
  if (d.kind === 'float') return null;
  const n = Math.floor((d.high - d.low) / d.step) + 1;
  return Array.from({ length: n }, (_, i) => d.low + i * d.step);
}

/** How the space reads in a manifest or a report: `indicators.fast.period int 5..50 step 1`. */
export function describeDimension(d: Dimension): string {
  if (d.kind === 'choice') return `${d.path} ${d.ordered ? 'ordered ' : ''}choice ${d.values.join(', ')}`;
  return `${d.path} ${d.kind} ${d.low}..${d.high}${d.kind === 'int' && d.step !== 1 ? ` step ${d.step}` : ''}${d.log ? ' log' : ''}`;
}

/** Distance between two trials in coordinate space: unordered choices count 0 (same) or 1 (different). */
export function distance(dims: readonly Dimension[], a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < dims.length; k++) {
    const d = dims[k];
    const x = d.kind === 'choice' && !d.ordered ? (Math.abs(a[k] - b[k]) < 1e-12 ? 0 : 1) : a[k] - b[k];
    s += x * x;
  }
  return Math.sqrt(s);
}
