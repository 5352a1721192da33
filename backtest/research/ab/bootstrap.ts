import { mulberry32 } from '../../../data/synth.ts';
import { quantileSorted, sharpe } from '../stats/describe.ts';

export interface SharpeDiffInterval {
  control: number | null;
  variant: number | null;
  /** variant − control, annualised. */
  diff: number | null;
  /** Percentile interval of the resampled differences; null when too few resamples had a defined Sharpe. */
  low: number | null;
  high: number | null;
  level: number;
  resamples: number;
  /** Resamples where both Sharpe ratios were defined. */
  valid: number;
  blockLength: number;
  seed: number;
}

export interface BootstrapOptions {
  periodsPerYear: number;
  resamples?: number;
  seed?: number;
  level?: number;
  /** Default ⌈n^(1/3)⌉: blocks keep short-range autocorrelation of the returns. */
  blockLength?: number;
}

/**
 * Seeded circular block bootstrap of the Sharpe ratio difference of two paired return series: each resample
 * draws blocks of consecutive periods (wrapping around the end) with the same indexes for both series, so the
 * pairing and short-range dependence survive; the interval is the percentile interval of the resampled
 * differences. Same inputs and seed, same interval.
 */
export function bootstrapSharpeDiff(control: Float64Array, variant: Float64Array, opts: BootstrapOptions): SharpeDiffInterval {
  const n = control.length;
  if (variant.length !== n) throw new Error('bootstrapSharpeDiff: the series must be paired (same length)');
  const resamples = opts.resamples ?? 2000;
  const seed = opts.seed ?? 1;
  const level = opts.level ?? 0.95;
  const block = Math.max(1, Math.min(n, opts.blockLength ?? Math.ceil(Math.cbrt(n))));
  const ppy = opts.periodsPerYear;
  const sa = sharpe(control, ppy);
  const sb = sharpe(variant, ppy);
  const out: SharpeDiffInterval = { control: sa, variant: sb, diff: sa === null || sb === null ? null : sb - sa, low: null, high: null, level, resamples, valid: 0, blockLength: block, seed };
  if (n < 2) return out;
  const rnd = mulberry32(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const diffs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < n; ) {
      const start = Math.floor(rnd() * n);
      for (let j = 0; j < block && k < n; j++, k++) {
        const i = (start + j) % n;
        a[k] = control[i];
        b[k] = variant[i];
      }
    }
    const x = sharpe(a, ppy);
    const y = sharpe(b, ppy);
    if (x !== null && y !== null) diffs.push(y - x);
  }
  out.valid = diffs.length;
  if (diffs.length < Math.max(20, resamples / 2)) return out;
  const sorted = Float64Array.from(diffs).sort();
  out.low = quantileSorted(sorted, (1 - level) / 2);
  out.high = quantileSorted(sorted, 1 - (1 - level) / 2);
  return out;
}
