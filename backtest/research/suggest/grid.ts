/**
 * Analysis of a parameter grid's scores (pure): which point is robust (good over its neighbourhood, not a lone
 * spike), the region of robust points around it, and how much of the score's variance each parameter explains.
 * Neighbours are the grid points one step away in any parameters at once (Chebyshev distance 1 in grid
 * coordinates, a value's position in its parameter's list).
 */
import type { ParamValue } from '../sweep/param-grid.ts';

export interface GridParam {
  path: string;
  values: readonly ParamValue[];
}

export interface GridPoint {
  values: readonly ParamValue[];
  /** The metric; null when undefined for this combination (no trades, errored). */
  score: number | null;
}

export interface PointRobustness {
  index: number;
  score: number | null;
  /** Mean of the defined scores of the point and its neighbours. */
  neighbourhoodMean: number | null;
  /** The worst defined score among them. */
  neighbourhoodWorst: number | null;
  /** Neighbours (with the point itself) that have a defined score / that exist. */
  defined: number;
  size: number;
}

export interface RobustnessResult {
  points: PointRobustness[];
  /** The single best score. */
  best: number | null;
  /** The best neighbourhood mean (at least half of its neighbourhood defined). */
  robust: number | null;
  /** Points in the connected region around `robust` whose neighbourhood mean reaches the region threshold. */
  region: number[];
  regionThreshold: number | null;
  /** Per parameter, the values taken inside the region (in the parameter's order). */
  regionValues: ParamValue[][];
}

const key = (coords: readonly number[]) => coords.join(',');

/** Grid coordinates of each point (null for a value not in its parameter's list). */
function coordinates(params: readonly GridParam[], points: readonly GridPoint[]): (number[] | null)[] {
  return points.map((p) => {
    const c = params.map((s, k) => s.values.findIndex((v) => v === p.values[k] || String(v) === String(p.values[k])));
    return c.some((x) => x < 0) ? null : c;
  });
}

/** Indexes of every point's neighbours, the point itself included. */
export function neighbourhoods(params: readonly GridParam[], points: readonly GridPoint[]): number[][] {
  const coords = coordinates(params, points);
  const at = new Map<string, number>();
  coords.forEach((c, i) => c && at.set(key(c), i));
  return coords.map((c, i) => {
    if (!c) return [i];
    const out: number[] = [];
    const walk = (k: number, cur: number[]) => {
      if (k === c.length) {
        const j = at.get(key(cur));
        if (j !== undefined) out.push(j);
        return;
      }
      for (const d of [-1, 0, 1]) {
        const x = c[k] + d;
        if (x >= 0 && x < params[k].values.length) walk(k + 1, [...cur, x]);
      }
    };
    walk(0, []);
    return out;
  });
}

/** Linear-interpolation quantile of unsorted values. */
function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (pos - lo);
}

/**
 * Neighbourhood means and the robust region. Scores are oriented so higher is better (pass `higherIsBetter:
 * false` for drawdown-like metrics: they are negated inside and reported back in their own sign).
 * The region holds the points reachable from the robust best through neighbours whose neighbourhood mean is
 * in the top `topShare` of all neighbourhood means (default 0.1, at least the robust best itself).
 */
export function robustness(params: readonly GridParam[], points: readonly GridPoint[], opts: { higherIsBetter?: boolean; topShare?: number } = {}): RobustnessResult {
  const sign = opts.higherIsBetter === false ? -1 : 1;
  const hoods = neighbourhoods(params, points);
  const rows: PointRobustness[] = points.map((p, i) => {
    const scores = hoods[i].map((j) => points[j].score).filter((s): s is number => s !== null && Number.isFinite(s));
    return {
      index: i,
      score: p.score,
      neighbourhoodMean: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
      neighbourhoodWorst: scores.length === 0 ? null : sign > 0 ? Math.min(...scores) : Math.max(...scores),
      defined: scores.length,
      size: hoods[i].length,
    };
  });
  const oriented = (v: number | null) => (v === null ? Number.NEGATIVE_INFINITY : sign * v);
  let best: number | null = null;
  let robust: number | null = null;
  for (const r of rows) {
    if (r.score !== null && (best === null || oriented(r.score) > oriented(rows[best].score))) best = r.index;
    if (r.neighbourhoodMean !== null && r.score !== null && r.defined * 2 >= r.size && (robust === null || oriented(r.neighbourhoodMean) > oriented(rows[robust].neighbourhoodMean))) robust = r.index;
  }
  let region: number[] = [];
  let threshold: number | null = null;
  if (robust !== null) {
    const means = rows.filter((r) => r.neighbourhoodMean !== null).map((r) => sign * r.neighbourhoodMean!);
    threshold = Math.min(quantile(means, 1 - (opts.topShare ?? 0.1)), sign * rows[robust].neighbourhoodMean!);
    const seen = new Set<number>([robust]);
    const queue = [robust];
    while (queue.length > 0) {
      const i = queue.shift()!;
      for (const j of hoods[i]) {
        if (seen.has(j)) continue;
        const m = rows[j].neighbourhoodMean;
        if (m !== null && sign * m >= threshold) {
          seen.add(j);
          queue.push(j);
        }
      }
    }
    region = [...seen].sort((a, b) => a - b);
    threshold = sign * threshold;
  }
  const regionValues = params.map((p, k) => p.values.filter((v) => region.some((i) => String(points[i].values[k]) === String(v))));
  return { points: rows, best, robust, region, regionThreshold: threshold, regionValues };
}

export interface ParamImportance {
  path: string;
  /** Share of the score's total variance explained by this parameter alone (η², between-group sum of squares / total). */
  explained: number;
  /** Mean score per value of the parameter, in the parameter's order (null when no defined score). */
  means: (number | null)[];
}

/** Main-effect variance explained by each parameter (one-way ANOVA η² on the defined scores). Null without variance. */
export function varianceExplained(params: readonly GridParam[], points: readonly GridPoint[]): { params: ParamImportance[]; total: number } | null {
  const defined = points.filter((p): p is GridPoint & { score: number } => p.score !== null && Number.isFinite(p.score));
  if (defined.length < 3) return null;
  const grand = defined.reduce((a, p) => a + p.score, 0) / defined.length;
  const total = defined.reduce((a, p) => a + (p.score - grand) ** 2, 0);
  if (!(total > 0)) return null;
  return {
    total,
    params: params.map((s, k) => {
      const groups = s.values.map((v) => defined.filter((p) => String(p.values[k]) === String(v)).map((p) => p.score));
      const between = groups.reduce((a, g) => (g.length === 0 ? a : a + g.length * (g.reduce((x, y) => x + y, 0) / g.length - grand) ** 2), 0);
      return { path: s.path, explained: between / total, means: groups.map((g) => (g.length === 0 ? null : g.reduce((x, y) => x + y, 0) / g.length)) };
    }),
  };
}
