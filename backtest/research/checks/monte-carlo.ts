import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../../data/synth.ts';
import type { Trade } from '../../../engine/types.ts';

/** p5 / p50 / p95 of a simulated quantity (linear interpolation between order statistics). */
export interface Percentiles {
  p5: number;
  p50: number;
  p95: number;
}

export interface ResampledDistribution {
  finalReturn: Percentiles;
  maxDrawdown: Percentiles;
}

export interface StrategyMonteCarlo {
  id: string;
  trades: number;
  /** The realised order, measured the same way (trade by trade). */
  actual: { finalReturn: number; maxDrawdown: number };
  /**
   * Trade order shuffled (a permutation): the drawdown depends on the order, the final return does not
   * (compounding is commutative), so its percentiles all equal the actual one.
   */
  shuffle: ResampledDistribution | null;
  /** Trades drawn with replacement (bootstrap): spreads the final return too. */
  bootstrap: ResampledDistribution | null;
}

export interface MonteCarloReport {
  runs: number;
  seed: number;
  method: string;
  strategies: StrategyMonteCarlo[];
}

export const MONTE_CARLO_METHOD =
  'Each closed trade becomes a return on the equity before it (pnl / equity, equity = capital + earlier trades\' pnl), so replaying the trades in their ' +
  'own order gives the realised closed-trade equity. Each of N resamples compounds these returns in a new order: "shuffle" permutes them (Fisher-Yates), ' +
  '"bootstrap" draws as many with replacement. Max drawdown is measured trade by trade on the closed-trade equity (no marking to market inside trades, so ' +
  'it can be smaller than the bar-by-bar figure in metrics.json). Percentiles interpolate linearly between order statistics. The PRNG (mulberry32) is ' +
  'seeded from --seed and the strategy id, so results depend only on the seed and the trades.';

/** Linear-interpolation percentile (numpy's default) of sorted values. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Compounds returns in the order of `order` (indexes into `r`); returns [final return, max drawdown]. */
function path(r: Float64Array, order: Uint32Array): [number, number] {
  let e = 1;
  let peak = 1;
  let maxDd = 0;
  for (let k = 0; k < order.length; k++) {
    e *= 1 + r[order[k]];
    if (e < 0) e = 0;
    if (e > peak) peak = e;
    else {
      const dd = (peak - e) / peak;
      if (dd > maxDd) maxDd = dd;
    }
  }
  return [e - 1, maxDd];
}

function summarise(values: Float64Array): Percentiles {
  const s = values.slice().sort();
  return { p5: percentile(s, 0.05), p50: percentile(s, 0.5), p95: percentile(s, 0.95) };
}

/** 32-bit FNV-1a of a string: mixes the strategy id into the seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Resamples one strategy's closed trades `runs` times each way. */
export function monteCarloTrades(id: string, trades: readonly Trade[], capital: number, runs: number, seed: number): StrategyMonteCarlo {
  const n = trades.length;
  const r = new Float64Array(n);
  let equity = capital;
  for (let i = 0; i < n; i++) {
    r[i] = equity > 0 ? trades[i].pnl / equity : 0;
    equity += trades[i].pnl;
  }
  const identity = Uint32Array.from({ length: n }, (_, i) => i);
  const [finalReturn, maxDrawdown] = path(r, identity);
  if (n === 0 || runs <= 0) return { id, trades: n, actual: { finalReturn, maxDrawdown }, shuffle: null, bootstrap: null };

  const rand = mulberry32((seed ^ hash32(id)) >>> 0);
  const order = new Uint32Array(n);
  const sim = (draw: () => void) => {
    const fr = new Float64Array(runs);
    const dd = new Float64Array(runs);
    for (let k = 0; k < runs; k++) {
      draw();
      [fr[k], dd[k]] = path(r, order);
    }
    return { finalReturn: summarise(fr), maxDrawdown: summarise(dd) };
  };
  const shuffle = sim(() => {
    order.set(identity);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  });
  const bootstrap = sim(() => {
    for (let i = 0; i < n; i++) order[i] = Math.floor(rand() * n);
  });
  return { id, trades: n, actual: { finalReturn, maxDrawdown }, shuffle, bootstrap };
}

/** Monte Carlo of every strategy's trade list. */
export function monteCarlo(strategies: readonly { id: string; trades: readonly Trade[]; capital: number }[], runs: number, seed: number): MonteCarloReport {
  return { runs, seed, method: MONTE_CARLO_METHOD, strategies: strategies.map((s) => monteCarloTrades(s.id, s.trades, s.capital, runs, seed)) };
}

/** The printed table: per strategy and method, the p5/p50/p95 of max drawdown and final return. */
export function monteCarloTable(report: MonteCarloReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const header = ['Strategy', 'Trades', 'Method', 'MaxDD p5', 'p50', 'p95', 'Return p5', 'p50', 'p95'];
  const body: string[][] = [];
  for (const s of report.strategies) {
    body.push([s.id, String(s.trades), 'actual', '', pct(s.actual.maxDrawdown), '', '', pct(s.actual.finalReturn), '']);
    for (const [name, d] of [['shuffle', s.shuffle], ['bootstrap', s.bootstrap]] as const) {
      if (d) body.push(['', '', name, pct(d.maxDrawdown.p5), pct(d.maxDrawdown.p50), pct(d.maxDrawdown.p95), pct(d.finalReturn.p5), pct(d.finalReturn.p50), pct(d.finalReturn.p95)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`Monte Carlo: ${report.runs} resamples per method, seed ${report.seed} (closed-trade equity)`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Monte Carlo of a finished run, written to `<outDir>/monte-carlo.json` and listed in its manifest.
 * Each strategy's capital is its config's (the trades' P&L is on that capital).
 */
export function writeMonteCarlo(
  outDir: string,
  strategies: readonly { id: string; trades: readonly Trade[]; config: { capital: number } }[],
  runs: number,
  seed: number,
): MonteCarloReport {
  const report = monteCarlo(
    strategies.map((s) => ({ id: s.id, trades: s.trades, capital: s.config.capital })),
    runs,
    seed,
  );
  writeFileSync(join(outDir, 'monte-carlo.json'), JSON.stringify(report, null, 2) + '\n');
  const manifestPath = join(outDir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files?: string[]; monteCarlo?: unknown };
    if (Array.isArray(manifest.files) && !manifest.files.includes('monte-carlo.json')) manifest.files.push('monte-carlo.json');
    manifest.monteCarlo = { runs, seed };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }
  return report;
}
