/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011), with optuna's defaults: the first
 * `startupTrials` (10) trials are uniform; after that the finished trials are split into the best
 * γ(n) = min(⌈0.1·n⌉, 25) ("below") and the rest ("above"), one Parzen estimator l(x) and g(x) is fitted to each
 * group per parameter (parzen.ts, prior weight 1), `eiCandidates` (24) values are drawn from l, and the one with
 * the largest l(x)/g(x) (the expected-improvement maximiser) is taken. Parameters are treated independently
 * (optuna's default, univariate). Ranking for the split: feasible trials by objective, then pruned trials by
 * their last partial return, then infeasible ones by how far they miss the constraints, then invalid ones.
 */
import { categoricalEstimator, defaultWeights, numericalEstimator, type Estimator } from './parzen.ts';
import { isEvidence, uniformPoint, type AskContext, type Observation, type Sampler } from './sampler.ts';
import type { Dimension } from './space.ts';

export interface TpeOptions {
  startupTrials?: number;
  eiCandidates?: number;
  priorWeight?: number;
  gamma?: (n: number) => number;
}

/** optuna's default γ: the share of trials modelled as good. */
export const defaultGamma = (n: number) => Math.min(Math.ceil(0.1 * n), 25);

function group(o: Observation): number {
  if (o.status === 'ok' && o.score[0] !== null) return 0;
  if (o.status === 'pruned') return 1;
  if (o.status === 'ok' || o.status === 'infeasible') return 2;
  return 3;
}

/** Best first, ties by trial number. */
export function rankForSplit(history: readonly Observation[]): Observation[] {
  return [...history].sort((a, b) => {
    const ga = group(a);
    const gb = group(b);
    if (ga !== gb) return ga - gb;
    if (ga === 0) return b.score[0]! - a.score[0]! || a.trial - b.trial;
    if (ga === 1) return (b.lastPartial ?? -Infinity) - (a.lastPartial ?? -Infinity) || a.trial - b.trial;
    if (ga === 2) return a.violation - b.violation || a.trial - b.trial;
    return a.trial - b.trial;
  });
}

function estimator(d: Dimension, k: number, obs: readonly Observation[], priorWeight: number): Estimator {
  const byTrial = [...obs].sort((a, b) => a.trial - b.trial);
  const weights = defaultWeights(byTrial.length);
  if (d.kind === 'choice' && !d.ordered) {
    const n = d.values.length;
    return categoricalEstimator(byTrial.map((o) => Math.round(o.u[k] * (n - 1))), weights, priorWeight, n);
  }
  return numericalEstimator(byTrial.map((o) => o.u[k]), weights, priorWeight);
}

export function tpeSampler(opts: TpeOptions = {}): Sampler {
  const startup = opts.startupTrials ?? 10;
  const candidates = opts.eiCandidates ?? 24;
  const priorWeight = opts.priorWeight ?? 1;
  const gamma = opts.gamma ?? defaultGamma;
  let cache: { history: readonly Observation[]; length: number; models: { l: Estimator; g: Estimator }[] } | null = null;
  return {
    name: 'tpe',
    ask(n: number, ctx: AskContext): number[][] {
      const finished = ctx.history.filter(isEvidence).length;
      // Within a batch, as many uniform proposals as the start-up phase still needs, then model-based ones.
      const randomSlots = ctx.attempt > 0 ? 0 : Math.max(0, Math.min(n, startup - finished));
      // Start-up redraws stay uniform. (Later redraws come from the model again: making them uniform after a few
      // repeats was measured to slow convergence in bench/optimize.bench.ts.)
      if (finished < startup && ctx.attempt > 0) return Array.from({ length: n }, () => uniformPoint(ctx.dims.length, ctx.rng));
      const out: number[][] = Array.from({ length: randomSlots }, () => uniformPoint(ctx.dims.length, ctx.rng));
      if (out.length === n) return out;
      // The models depend only on the history: redraws within a batch reuse them.
      if (!cache || cache.history !== ctx.history || cache.length !== ctx.history.length) {
        const ranked = rankForSplit(ctx.history);
        const nBelow = Math.max(1, Math.min(ranked.length - 1, gamma(ranked.length)));
        const below = ranked.slice(0, nBelow);
        const above = ranked.slice(nBelow);
        cache = { history: ctx.history, length: ctx.history.length, models: ctx.dims.map((d, k) => ({ l: estimator(d, k, below, priorWeight), g: estimator(d, k, above, priorWeight) })) };
      }
      const models = cache.models;
      while (out.length < n) {
        out.push(
          models.map(({ l, g }) => {
            let best = 0;
            let bestScore = Number.NEGATIVE_INFINITY;
            for (let c = 0; c < candidates; c++) {
              const x = l.sample(ctx.rng);
              const s = l.logPdf(x) - g.logPdf(x);
              if (s > bestScore) {
                bestScore = s;
                best = x;
              }
            }
            return best;
          }),
        );
      }
      return out;
    },
  };
}
