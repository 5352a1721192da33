/**
 * Robustness of an optimisation's trials (pure). Trials are scattered, not on a grid, so a trial's neighbourhood
 * is its k nearest feasible trials (itself included) in coordinate space (every parameter scaled to [0, 1], log
 * ranges on their log scale; unordered choices differ by 0 or 1). The recommended point is the trial with the
 * best neighbourhood average: good over its surroundings, not a lone spike. The robust region is the set of
 * trials whose neighbourhood average is in the top `topShare`.
 */
import type { ParamValue } from '../sweep/param-grid.ts';
import { varianceExplained } from '../suggest/grid.ts';
import { distance, type Dimension } from './space.ts';

export interface ScoredTrial {
  trial: number;
  u: readonly number[];
  values: readonly ParamValue[];
  /** Higher is better. */
  score: number;
}

export interface NeighbourhoodPoint {
  trial: number;
  score: number;
  neighbourhoodMean: number;
  neighbourhoodWorst: number;
  neighbours: number[];
}

export interface Robustness {
  k: number;
  points: NeighbourhoodPoint[];
  best: NeighbourhoodPoint | null;
  recommended: NeighbourhoodPoint | null;
  /** Trials of the robust region, by trial number; the threshold is on the neighbourhood average. */
  region: number[];
  threshold: number | null;
  /** Per parameter, the range (or the choices) of the region's trials. */
  regionValues: { path: string; min: ParamValue; max: ParamValue; values: ParamValue[] }[];
  /** The single best trial's neighbourhood average is under half its own score: it stands out like noise. */
  spike: boolean;
}

/** Neighbourhood size: √n, at least 3 and at most 10 (and never more than the trials there are). */
export function defaultK(n: number): number {
  return Math.min(n, Math.max(3, Math.min(10, Math.round(Math.sqrt(n)))));
}

export function robustness(dims: readonly Dimension[], trials: readonly ScoredTrial[], opts: { k?: number; topShare?: number } = {}): Robustness {
  const k = Math.min(trials.length, opts.k ?? defaultK(trials.length));
  const points: NeighbourhoodPoint[] = trials.map((t) => {
    const near = trials
      .map((o) => ({ o, d: distance(dims, t.u, o.u) }))
      .sort((a, b) => a.d - b.d || (a.o.trial === t.trial ? -1 : b.o.trial === t.trial ? 1 : a.o.trial - b.o.trial))
      .slice(0, k)
      .map((x) => x.o);
    const scores = near.map((o) => o.score);
    return { trial: t.trial, score: t.score, neighbourhoodMean: scores.reduce((a, b) => a + b, 0) / scores.length, neighbourhoodWorst: Math.min(...scores), neighbours: near.map((o) => o.trial) };
  });
  const better = (a: NeighbourhoodPoint, b: NeighbourhoodPoint, key: 'score' | 'neighbourhoodMean') => a[key] > b[key] || (a[key] === b[key] && a.trial < b.trial);
  let best: NeighbourhoodPoint | null = null;
  let recommended: NeighbourhoodPoint | null = null;
  for (const p of points) {
    if (!best || better(p, best, 'score')) best = p;
    if (!recommended || better(p, recommended, 'neighbourhoodMean')) recommended = p;
  }
  let threshold: number | null = null;
  let region: number[] = [];
  if (recommended) {
    const means = points.map((p) => p.neighbourhoodMean).sort((a, b) => b - a);
    threshold = means[Math.max(0, Math.ceil(means.length * (opts.topShare ?? 0.1)) - 1)];
    region = points.filter((p) => p.neighbourhoodMean >= threshold!).map((p) => p.trial).sort((a, b) => a - b);
  }
  const byTrial = new Map(trials.map((t) => [t.trial, t]));
  const regionValues = dims.map((d, j) => {
    const vs = region.map((t) => byTrial.get(t)!.values[j]);
    const distinct = [...new Set(vs.map(String))].map((s) => vs.find((v) => String(v) === s)!);
    const nums = vs.filter((v): v is number => typeof v === 'number');
    const sorted = nums.length === vs.length ? [...distinct].sort((a, b) => (a as number) - (b as number)) : distinct;
    return { path: d.path, min: sorted[0], max: sorted[sorted.length - 1], values: sorted.slice(0, 20) };
  });
  const spike = best !== null && best.score > 0 && best.neighbourhoodMean < best.score / 2;
  return { k, points, best, recommended, region, threshold, regionValues, spike };
}

/**
 * Share of the score's variance each parameter explains alone (one-way ANOVA η², as `strata suggest` does for
 * grids). Ranges are cut into `bins` equal-width bins of their coordinate; choices and short int ranges use
 * their values.
 */
export function parameterImportance(dims: readonly Dimension[], trials: readonly ScoredTrial[], bins = 5): { path: string; explained: number }[] | null {
  const labels = dims.map((d, j) => {
    const finite = d.kind === 'choice' || (d.kind === 'int' && (d.high - d.low) / d.step < bins * 2);
    return (t: ScoredTrial) => (finite ? String(t.values[j]) : `bin${Math.min(bins - 1, Math.floor(t.u[j] * bins))}`);
  });
  const params = dims.map((d, j) => ({ path: d.path, values: [...new Set(trials.map((t) => labels[j](t)))].sort() }));
  const ve = varianceExplained(params, trials.map((t) => ({ values: dims.map((_, j) => labels[j](t)), score: t.score })));
  return ve ? ve.params.map((p) => ({ path: p.path, explained: p.explained })) : null;
}
