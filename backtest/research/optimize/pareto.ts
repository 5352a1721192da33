/**
 * Pareto ranking for several objectives (Deb et al., "A fast and elitist multiobjective genetic algorithm:
 * NSGA-II", 2002): fast non-dominated sorting, crowding distance, and constraint domination (a feasible point
 * beats an infeasible one; of two infeasible points the one missing the constraints by less wins). Scores are
 * oriented so that higher is better in every objective.
 */

export interface Ranked {
  score: readonly (number | null)[];
  violation: number;
}

/** Does a dominate b? (constraint domination, then Pareto domination on the scores) */
export function dominates(a: Ranked, b: Ranked): boolean {
  const fa = a.violation === 0;
  const fb = b.violation === 0;
  if (fa !== fb) return fa;
  if (!fa) return a.violation < b.violation;
  let better = false;
  for (let k = 0; k < a.score.length; k++) {
    const x = a.score[k] ?? Number.NEGATIVE_INFINITY;
    const y = b.score[k] ?? Number.NEGATIVE_INFINITY;
    if (x < y) return false;
    if (x > y) better = true;
  }
  return better;
}

/** Fronts of indexes into `points`: front 0 is non-dominated, front 1 is non-dominated once front 0 is removed, ... */
export function nonDominatedSort(points: readonly Ranked[]): number[][] {
  const n = points.length;
  const dominatedBy: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i], points[j])) {
        dominatedBy[i].push(j);
        count[j]++;
      } else if (dominates(points[j], points[i])) {
        dominatedBy[j].push(i);
        count[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = count.map((c, i) => (c === 0 ? i : -1)).filter((i) => i >= 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of dominatedBy[i]) if (--count[j] === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Crowding distance of each member of a front (Infinity at each objective's extremes). */
export function crowdingDistance(points: readonly Ranked[], front: readonly number[]): Map<number, number> {
  const d = new Map<number, number>(front.map((i) => [i, 0]));
  if (front.length <= 2) {
    for (const i of front) d.set(i, Number.POSITIVE_INFINITY);
    return d;
  }
  const m = points[front[0]].score.length;
  for (let k = 0; k < m; k++) {
    const v = (i: number) => points[i].score[k] ?? Number.NEGATIVE_INFINITY;
    const sorted = [...front].sort((a, b) => v(a) - v(b) || a - b);
    const lo = v(sorted[0]);
    const hi = v(sorted[sorted.length - 1]);
    d.set(sorted[0], Number.POSITIVE_INFINITY);
    d.set(sorted[sorted.length - 1], Number.POSITIVE_INFINITY);
    if (!(hi > lo) || !Number.isFinite(hi - lo)) continue;
    for (let r = 1; r < sorted.length - 1; r++) d.set(sorted[r], d.get(sorted[r])! + (v(sorted[r + 1]) - v(sorted[r - 1])) / (hi - lo));
  }
  return d;
}

/**
 * The best `size` of `points` by front, then crowding distance (larger first), ties by index; returns the
 * chosen indexes with their front rank and crowding distance.
 */
export function selectSurvivors(points: readonly Ranked[], size: number): { index: number; rank: number; crowding: number }[] {
  const out: { index: number; rank: number; crowding: number }[] = [];
  const fronts = nonDominatedSort(points);
  for (let r = 0; r < fronts.length && out.length < size; r++) {
    const cd = crowdingDistance(points, fronts[r]);
    const members = [...fronts[r]].sort((a, b) => cd.get(b)! - cd.get(a)! || a - b);
    for (const i of members.slice(0, size - out.length)) out.push({ index: i, rank: r, crowding: cd.get(i)! });
  }
  return out;
}
