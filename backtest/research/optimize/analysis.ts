/**
 * What an optimisation's trials say: the single best trial, the recommended (robust) one, the robust region,
 * parameter importance, the convergence curve, the Pareto front for several objectives, the deflated Sharpe
 * ratio for the number of trials actually run, and plainly whether the best is likely overfit.
 */
import type { StrategyMetrics } from '../../../engine/types.ts';
import type { ParamValue } from '../sweep/param-grid.ts';
import { variance } from '../stats/describe.ts';
import { deflatedSharpe, type DeflatedSharpe } from '../suggest/deflated-sharpe.ts';
import type { Objective } from './objectives.ts';
import { oriented } from './objectives.ts';
import type { Trial } from './optimizer.ts';
import { nonDominatedSort } from './pareto.ts';
import { parameterImportance, robustness, type Robustness } from './robust.ts';
import type { Dimension } from './space.ts';
import type { ReturnMoments } from './trial-run.ts';

/** DSR below this: the best Sharpe is not convincingly above what the number of trials gives by luck. */
export const DSR_THRESHOLD = 0.95;

export interface TrialSummary {
  trial: number;
  params: Record<string, ParamValue>;
  objectives: (number | null)[];
  neighbourhoodMean: number | null;
  sharpe: number | null;
  totalReturn: number | null;
  maxDrawdown: number | null;
  trades: number | null;
}

export interface OptimizeAnalysis {
  counts: Record<'total' | 'ok' | 'infeasible' | 'pruned' | 'invalid' | 'errored' | 'repeats', number>;
  best: TrialSummary | null;
  recommended: TrialSummary | null;
  robust: { k: number; region: number[]; threshold: number | null; values: Robustness['regionValues']; spike: boolean } | null;
  importance: { path: string; explained: number }[] | null;
  /** Per trial: the first objective (own sign; null unless feasible) and the best so far. */
  convergence: { trial: number; value: number | null; best: number | null }[];
  /** Feasible non-dominated trials (several objectives only), by first objective. */
  front: TrialSummary[];
  deflatedSharpe: DeflatedSharpe | null;
  overfit: { likely: boolean; reasons: string[] };
  findings: string[];
}

const record = (dims: readonly Dimension[], values: readonly ParamValue[]) => Object.fromEntries(dims.map((d, k) => [d.path, values[k]]));

function summarise(dims: readonly Dimension[], t: Trial, neighbourhoodMean: number | null): TrialSummary {
  const p = t.metrics?.performance;
  return { trial: t.trial, params: record(dims, t.values), objectives: t.objectives, neighbourhoodMean, sharpe: p?.sharpeRatio ?? null, totalReturn: p?.totalReturn ?? null, maxDrawdown: p?.maxDrawdown ?? null, trades: p?.totalTrades ?? null };
}

/** A trial's per-bar Sharpe; for trials recorded before it was kept, its annualised Sharpe scaled back. */
function perBarSharpe(m: StrategyMetrics | null, annualScale: number): number | null {
  if (!m) return null;
  const p = m.performance;
  if (p.sharpePerBar !== undefined) return p.sharpePerBar;
  return p.sharpeRatio === null ? null : p.sharpeRatio / annualScale;
}

/** Skewness and (non-excess) kurtosis from sums of powers. */
export function momentShape(m: ReturnMoments): { skew: number | null; kurt: number | null } {
  if (m.n < 4) return { skew: null, kurt: null };
  const mu = m.s1 / m.n;
  const e2 = m.s2 / m.n;
  const e3 = m.s3 / m.n;
  const e4 = m.s4 / m.n;
  const c2 = e2 - mu * mu;
  if (!(c2 > 1e-30)) return { skew: null, kurt: null };
  const c3 = e3 - 3 * mu * e2 + 2 * mu ** 3;
  const c4 = e4 - 4 * mu * e3 + 6 * mu * mu * e2 - 3 * mu ** 4;
  return { skew: c3 / c2 ** 1.5, kurt: c4 / (c2 * c2) };
}

const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '–' : x.toFixed(d));

export function analyse(input: { dims: readonly Dimension[]; objectives: readonly Objective[]; trials: readonly Trial[]; periodsPerYear: number; decayEfficiency?: number | null }): OptimizeAnalysis {
  const { dims, objectives, trials } = input;
  const counts = { total: trials.length, ok: 0, infeasible: 0, pruned: 0, invalid: 0, errored: 0, repeats: 0 };
  for (const t of trials) {
    counts[t.status]++;
    if (t.repeatOf !== null) counts.repeats++;
  }
  // A repeat of earlier values is the same point, not more evidence: only the first of each counts.
  const feasible = trials.filter((t) => t.repeatOf === null && t.status === 'ok' && t.objectives.every((v) => v !== null));
  const score = (t: Trial) => oriented(objectives, t.objectives)[0]!;
  const rb = feasible.length ? robustness(dims, feasible.map((t) => ({ trial: t.trial, u: t.u, values: t.values, score: score(t) }))) : null;
  const byTrial = new Map(trials.map((t) => [t.trial, t]));
  const nMean = new Map(rb?.points.map((p) => [p.trial, p.neighbourhoodMean]) ?? []);
  const sign = objectives[0].direction === 'maximize' ? 1 : -1;
  const own = (v: number | undefined) => (v === undefined ? null : sign * v);

  let front: TrialSummary[] = [];
  let recommendedTrial = rb?.recommended?.trial ?? null;
  if (objectives.length > 1 && feasible.length) {
    const fronts = nonDominatedSort(feasible.map((t) => ({ score: oriented(objectives, t.objectives), violation: 0 })));
    const members = fronts[0].map((i) => feasible[i]).sort((a, b) => score(b) - score(a) || a.trial - b.trial);
    front = members.map((t) => summarise(dims, t, own(nMean.get(t.trial))));
    // Several objectives: the front member whose neighbourhood is best on the first objective.
    recommendedTrial = [...members].sort((a, b) => (nMean.get(b.trial) ?? -Infinity) - (nMean.get(a.trial) ?? -Infinity) || a.trial - b.trial)[0]?.trial ?? null;
  }
  const best = rb?.best ? summarise(dims, byTrial.get(rb.best.trial)!, own(rb.best.neighbourhoodMean)) : null;
  const recommended = recommendedTrial === null ? null : summarise(dims, byTrial.get(recommendedTrial)!, own(nMean.get(recommendedTrial)));

  let bestSoFar: number | null = null;
  const convergence = trials.map((t) => {
    const ok = t.status === 'ok' && t.objectives[0] !== null;
    const v = ok ? score(t) : null;
    if (v !== null && (bestSoFar === null || v > bestSoFar)) bestSoFar = v;
    return { trial: t.trial, value: v === null ? null : sign * v, best: bestSoFar === null ? null : sign * bestSoFar };
  });

  // Deflated Sharpe, on per-bar Sharpe ratios (present for any span): every trial that ran a replay is one of the N tries (pruned ones included).
  const annualScale = Math.sqrt(input.periodsPerYear);
  const ran = trials.filter((t) => t.repeatOf === null && (t.status === 'ok' || t.status === 'infeasible' || t.status === 'pruned'));
  const srs = trials.filter((t) => t.repeatOf === null && (t.status === 'ok' || t.status === 'infeasible')).flatMap((t) => perBarSharpe(t.metrics, annualScale) ?? []);
  let dsr: DeflatedSharpe | null = null;
  const rec = recommendedTrial === null ? null : byTrial.get(recommendedTrial)!;
  const v = variance(srs);
  const recSharpe = perBarSharpe(rec?.metrics ?? null, annualScale);
  if (rec?.metrics && recSharpe !== null && v !== null && rec.moments) {
    const shape = momentShape(rec.moments);
    dsr = deflatedSharpe({ sharpe: recSharpe, trials: ran.length, trialVariance: v, periods: rec.metrics.performance.bars, skew: shape.skew, kurtosis: shape.kurt });
  }

  const reasons: string[] = [];
  if (dsr?.dsr !== null && dsr?.dsr !== undefined && dsr.dsr < DSR_THRESHOLD) reasons.push(`deflated Sharpe ratio ${fmt(dsr.dsr)} is below ${DSR_THRESHOLD} for ${ran.length} trials: the recommended Sharpe is not clearly above what that many tries of a strategy without skill would reach by luck`);
  if (rb?.spike) reasons.push(`the single best trial #${rb.best!.trial} stands out from its ${rb.k - 1} nearest neighbours (their average is under half its score)`);
  if (input.decayEfficiency !== undefined && input.decayEfficiency !== null && input.decayEfficiency < 0.5) reasons.push(`out of sample the recommended parameters kept only ${(input.decayEfficiency * 100).toFixed(0)}% of their in-sample score (walk-forward efficiency)`);
  const findings: string[] = [];
  const show = (s: TrialSummary) => Object.entries(s.params).map(([k, x]) => `${k}=${x}`).join(', ');
  findings.push(`${counts.total} trials: ${counts.ok} ok, ${counts.infeasible} infeasible, ${counts.pruned} pruned, ${counts.invalid} invalid, ${counts.errored} errored${counts.repeats ? `; ${counts.repeats} repeated earlier values and reused their result` : ''}.`);
  if (best) findings.push(`Best single trial #${best.trial}: ${show(best)} (${objectives[0].text} ${fmt(best.objectives[0])}, neighbourhood average ${fmt(best.neighbourhoodMean)}).`);
  if (recommended) findings.push(`Recommended (best neighbourhood average of the ${rb!.k} nearest trials): #${recommended.trial} ${show(recommended)} (${objectives[0].text} ${fmt(recommended.objectives[0])}, neighbourhood average ${fmt(recommended.neighbourhoodMean)}).`);
  if (front.length) findings.push(`Pareto front: ${front.length} trial(s) trade ${objectives.map((o) => `${o.direction === 'maximize' ? 'max' : 'min'} ${o.text}`).join(' against ')}.`);
  if (dsr) findings.push(`Deflated Sharpe ratio of the recommended trial: ${fmt(dsr.dsr)} for ${dsr.trials} trials (probabilistic Sharpe ${fmt(dsr.psr)}; expected best of ${dsr.trials} zero-skill trials ${fmt(dsr.expectedMax, 4)} per bar${rec?.metrics?.annualisation?.applied === false ? '' : `, ${fmt(dsr.expectedMax * annualScale, 2)} annualised over ${input.periodsPerYear} periods a year`}).`);
  findings.push(reasons.length ? `The best is likely overfit: ${reasons.join('; ')}.` : recommended ? 'No sign of overfitting in these checks (deflated Sharpe ratio, neighbourhood, walk-forward when run).' : 'No feasible trial: nothing to recommend.');
  return {
    counts,
    best,
    recommended,
    robust: rb && { k: rb.k, region: rb.region, threshold: rb.threshold === null ? null : sign * rb.threshold, values: rb.regionValues, spike: rb.spike },
    importance: feasible.length >= 3 ? parameterImportance(dims, feasible.map((t) => ({ trial: t.trial, u: t.u, values: t.values, score: score(t) }))) : null,
    convergence,
    front,
    deflatedSharpe: dsr,
    overfit: { likely: reasons.length > 0, reasons },
    findings,
  };
}
