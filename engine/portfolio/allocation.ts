/**
 * Allocation weights: the fraction of portfolio equity each strategy sizes its positions from.
 *
 * - fixed: the configured weights (their sum may be below 1; the rest stays in cash);
 * - equal: 1/n each;
 * - volatility: inverse volatility, w_i = (1/σ_i) / Σ_j (1/σ_j), σ_i the annualised sample standard deviation of
 *   strategy i's per-bar equity returns over its last `lookback` bars. A strategy without an estimate yet (fewer
 *   than 2 returns, or σ = 0: it has not traded) keeps the equal share 1/n; the others share the rest in inverse
 *   proportion to their volatility. With a target volatility, all weights are scaled by
 *   k = min(1, target / Σ w_i σ_i) (Σ w_i σ_i bounds the portfolio's volatility from above: the fully
 *   correlated case), so the portfolio is de-levered, never levered up.
 */

/** The last `capacity` per-bar returns of one strategy, in a ring: O(1) per bar, no allocation. */
export class ReturnWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;
  private last: number;

  constructor(
    readonly capacity: number,
    initialEquity: number,
    /** Annualisation factor of the strategy's timeframe. */
    readonly barsPerYear: number,
  ) {
    this.values = new Float64Array(capacity);
    this.last = initialEquity;
  }

  /** Records the equity at a bar's close; the return is against the previous bar's. */
  push(equity: number): void {
    const prev = this.last;
    this.last = equity;
    if (!(prev > 0)) return;
    this.values[this.next] = equity / prev - 1;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.count < this.capacity) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Annualised sample standard deviation of the window (two-pass), or null with fewer than 2 returns. */
  volatility(): number | null {
    const n = this.count;
    if (n < 2) return null;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.values[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = this.values[i] - mean;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / (n - 1));
    return Number.isFinite(sd) ? sd * Math.sqrt(this.barsPerYear) : null;
  }
}

/** Inverse-volatility weights (see the file comment); `vols[i]` null or 0 means "no estimate". */
export function inverseVolatilityWeights(vols: readonly (number | null)[], targetVolatility?: number): number[] {
  const n = vols.length;
  if (n === 0) return [];
  const known = vols.map((v) => v !== null && v > 0 && Number.isFinite(v));
  const unknownCount = known.filter((k) => !k).length;
  const share = 1 - unknownCount / n;
  let inv = 0;
  for (let i = 0; i < n; i++) if (known[i]) inv += 1 / (vols[i] as number);
  const w = vols.map((v, i) => (known[i] ? (share * (1 / (v as number))) / inv : 1 / n));
  if (targetVolatility !== undefined) {
    let bound = 0;
    for (let i = 0; i < n; i++) if (known[i]) bound += w[i] * (vols[i] as number);
    const k = bound > targetVolatility ? targetVolatility / bound : 1;
    for (let i = 0; i < n; i++) w[i] *= k;
  }
  return w;
}

/** Equal weights 1/n. */
export function equalWeights(n: number): number[] {
  return Array.from({ length: n }, () => 1 / n);
}
