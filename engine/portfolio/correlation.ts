/**
 * Pearson correlation of return series, two-pass (mean first) for accuracy. Null when there are fewer than 3
 * points, a value is not finite, or either series has zero variance: a correlation is never NaN or Infinity.
 */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = Math.min(a.length, b.length)): number | null {
  const n = to - from;
  if (n < 3) return null;
  let sa = 0;
  let sb = 0;
  for (let i = from; i < to; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = from; i < to; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return fromMoments(cov, va, vb);
}

/** The correlation from the co-moment and the two variances' sums of squares; null where undefined. */
function fromMoments(cov: number, va: number, vb: number): number | null {
  if (!(va > 0 && vb > 0) || !Number.isFinite(cov)) return null;
  const r = cov / Math.sqrt(va * vb);
  if (!Number.isFinite(r)) return null;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * The pairwise correlations of n series: symmetric, so only the upper triangle (diagonal included) is kept,
 * n(n+1)/2 doubles with NaN where a correlation is null. Nested arrays of numbers and nulls held about 24 bytes
 * a value on the heap, which at 10,000 strategies (100 M values) was more than Node's default heap.
 * JSON.stringify writes it as the nested arrays (`rows()`).
 */
export class CorrelationMatrix {
  readonly size: number;
  private readonly upper: Float64Array;

  constructor(size: number, upper?: Float64Array) {
    this.size = size;
    this.upper = upper ?? new Float64Array((size * (size + 1)) / 2).fill(Number.NaN);
    if (this.upper.length !== (size * (size + 1)) / 2) throw new Error(`CorrelationMatrix: ${this.upper.length} values for size ${size}`);
  }

  /** From nested rows (row i, column j), which must be symmetric. */
  static fromRows(rows: readonly (readonly (number | null)[])[]): CorrelationMatrix {
    const m = new CorrelationMatrix(rows.length);
    for (let i = 0; i < rows.length; i++) for (let j = i; j < rows.length; j++) m.set(i, j, rows[i][j] ?? null);
    return m;
  }

  private index(i: number, j: number): number {
    const [lo, hi] = i <= j ? [i, j] : [j, i];
    if (lo < 0 || hi >= this.size) throw new RangeError(`CorrelationMatrix: (${i}, ${j}) outside ${this.size} x ${this.size}`);
    return lo * this.size - (lo * (lo - 1)) / 2 + (hi - lo);
  }

  /** The correlation of series i and j (either order); null where it is undefined. */
  get(i: number, j: number): number | null {
    const v = this.upper[this.index(i, j)];
    return Number.isNaN(v) ? null : v;
  }

  set(i: number, j: number, value: number | null): void {
    this.upper[this.index(i, j)] = value ?? Number.NaN;
  }

  /** The whole matrix as nested arrays, row i holding column j. */
  rows(): (number | null)[][] {
    return Array.from({ length: this.size }, (_, i) => Array.from({ length: this.size }, (__, j) => this.get(i, j)));
  }

  toJSON(): (number | null)[][] {
    return this.rows();
  }
}

/** The matrix of pairwise correlations; the diagonal is 1 for a series with variance, else null. */
export function correlationMatrix(series: readonly ArrayLike<number>[]): CorrelationMatrix {
  const m = new CorrelationMatrix(series.length);
  const n = series.length === 0 ? 0 : series[0].length;
  if (n < 3 || series.some((s) => s.length !== n)) {
    for (let i = 0; i < series.length; i++) for (let j = i; j < series.length; j++) m.set(i, j, correlation(series[i], series[j]));
    return m;
  }
  // Series of one length: each one's deviations from its mean and their sum of squares are computed once,
  // with the same sums in the same order as correlation() makes per pair, so every value is bit for bit what it
  // gives; a pair then costs one pass instead of two (50 M pairs at 10,000 strategies).
  const deviations = series.map((x) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += x[k];
    const mean = sum / n;
    return Float64Array.from({ length: n }, (_, k) => x[k] - mean);
  });
  const squares = deviations.map((d) => {
    let ss = 0;
    for (let k = 0; k < n; k++) ss += d[k] * d[k];
    return ss;
  });
  for (let i = 0; i < series.length; i++) {
    const a = deviations[i];
    for (let j = i; j < series.length; j++) {
      const b = deviations[j];
      let cov = 0;
      for (let k = 0; k < n; k++) cov += a[k] * b[k];
      m.set(i, j, fromMoments(cov, squares[i], squares[j]));
    }
  }
  return m;
}

/** Correlation over a sliding window of `window` points, one value per point (null until the window is full). */
export function rollingCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, window: number): (number | null)[] {
  const n = Math.min(a.length, b.length);
  const out: (number | null)[] = new Array(n).fill(null);
  for (let end = window; end <= n; end++) out[end - 1] = correlation(a, b, end - window, end);
  return out;
}

/** Sample standard deviation (n − 1), or null with fewer than 2 points or a non-finite value. */
export function sampleSd(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  const sd = Math.sqrt(ss / (n - 1));
  return Number.isFinite(sd) ? sd : null;
}
