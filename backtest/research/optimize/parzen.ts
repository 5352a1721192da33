/**
 * Univariate Parzen estimators over a coordinate in [0, 1], as in the tree-structured Parzen estimator
 * (Bergstra et al., "Algorithms for Hyper-Parameter Optimization", 2011) with optuna's defaults: a mixture of
 * one truncated normal per observation plus a prior kernel (centre 0.5, width 1, weight `priorWeight`); each
 * observation's width is the larger distance to its sorted neighbours (the bounds count as neighbours, except
 * that the outermost observations use their inner neighbour's distance), clipped to [1 / min(100, 1 + n), 1].
 * Categorical coordinates get one categorical kernel per observation: its own choice plus `priorWeight / n`
 * spread over all choices.
 */
import { normalCdf } from '../stats/distributions.ts';
import type { Rng } from './prng.ts';

export interface Estimator {
  sample(rng: Rng): number;
  logPdf(u: number): number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function logSumExp(xs: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of xs) if (x > m) m = x;
  if (m === Number.NEGATIVE_INFINITY) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

function normalisedWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

function pick(weights: readonly number[], rng: Rng): number {
  let r = rng.uniform();
  for (let k = 0; k < weights.length; k++) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return weights.length - 1;
}

/** Kernel widths by the neighbour rule (see the file comment). */
export function bandwidths(mus: readonly number[]): number[] {
  const n = mus.length;
  if (n === 0) return [];
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b] || a - b);
  const sorted = [0, ...order.map((i) => mus[i]), 1];
  const sigma = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    let s = Math.max(sorted[r + 1] - sorted[r], sorted[r + 2] - sorted[r + 1]);
    if (n >= 2 && r === 0) s = sorted[2] - sorted[1];
    if (n >= 2 && r === n - 1) s = sorted[n] - sorted[n - 1];
    sigma[order[r]] = s;
  }
  const lo = 1 / Math.min(100, 1 + n);
  return sigma.map((s) => Math.min(1, Math.max(lo, s)));
}

/** Mixture of truncated normals on [0, 1]; `weights` per observation (the prior kernel is added here). */
export function numericalEstimator(observations: readonly number[], weights: readonly number[], priorWeight: number): Estimator {
  const mus = [...observations, 0.5];
  const sigmas = [...bandwidths(observations), 1];
  const w = normalisedWeights([...weights, priorWeight]);
  // Mass of each kernel inside [0, 1], for the truncated density.
  const logMass = mus.map((mu, k) => Math.log(Math.max(1e-300, normalCdf((1 - mu) / sigmas[k]) - normalCdf((0 - mu) / sigmas[k]))));
  const logW = w.map((x) => Math.log(x));
  return {
    sample(rng: Rng): number {
      const k = pick(w, rng);
      for (let tries = 0; tries < 100; tries++) {
        const x = mus[k] + sigmas[k] * rng.normal();
        if (x >= 0 && x <= 1) return x;
      }
      return Math.min(1, Math.max(0, mus[k]));
    },
    logPdf(u: number): number {
      return logSumExp(mus.map((mu, k) => {
        const z = (u - mu) / sigmas[k];
        return logW[k] - 0.5 * z * z - LOG_SQRT_2PI - Math.log(sigmas[k]) - logMass[k];
      }));
    },
  };
}

/** Mixture of categorical kernels over `n` choices; observations are choice indexes. */
export function categoricalEstimator(observations: readonly number[], weights: readonly number[], priorWeight: number, n: number): Estimator {
  const kernels = observations.length + 1;
  const w = normalisedWeights([...weights, priorWeight]);
  const probs = new Array<number>(n).fill(0);
  observations.forEach((c, k) => {
    const row = new Array<number>(n).fill(priorWeight / kernels);
    row[c] += 1;
    const total = row.reduce((a, b) => a + b, 0);
    for (let j = 0; j < n; j++) probs[j] += (w[k] * row[j]) / total;
  });
  for (let j = 0; j < n; j++) probs[j] += w[kernels - 1] / n;
  return {
    sample: (rng) => (n === 1 ? 0.5 : pick(probs, rng) / (n - 1)),
    logPdf: (u) => Math.log(probs[n === 1 ? 0 : Math.round(u * (n - 1))]),
  };
}

/** optuna's default observation weights: equal up to 25 observations, then a ramp from 1/n for the oldest up to 1 for the 25 newest. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + (i * (1 - 1 / n)) / (n - 26)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}
