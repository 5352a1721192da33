/**
 * Samplers driven by a plain function of the parameters instead of backtests: the same batch-synchronous loop
 * as the optimiser (seeded stream per batch, history in trial order, the same proposals), for tests and benchmarks of the search
 * itself on objectives with a known optimum or a known Pareto front.
 */
import type { ParamValue } from '../sweep/param-grid.ts';
import { rngFor } from './prng.ts';
import type { Observation, Sampler } from './sampler.ts';
import { proposeBatch, valuesKey } from './optimizer.ts';
import type { Dimension } from './space.ts';

export interface SyntheticTrial extends Observation {
  values: ParamValue[];
  /** A repeat of an earlier trial's values reuses its result (as the optimiser does). */
  repeatOf: number | null;
}

/** Runs `trials` evaluations of `f` (scores, higher is better; `violation` 0 when feasible). */
export function runSynthetic(
  dims: readonly Dimension[],
  sampler: Sampler,
  f: (values: ParamValue[]) => { score: number[]; violation?: number },
  opts: { trials: number; batchSize: number; seed: number },
): SyntheticTrial[] {
  const history: SyntheticTrial[] = [];
  const seen = new Map<string, number>();
  for (let batch = 0, first = 0; first < opts.trials; batch++, first += opts.batchSize) {
    const n = Math.min(opts.batchSize, opts.trials - first);
    const rng = rngFor(opts.seed, `w0:b${batch}`);
    const proposals = proposeBatch(sampler, [], n, { dims, history, batch, firstTrial: first, seed: opts.seed, rng, attempt: 0 }, seen);
    proposals.forEach((p, i) => {
      const earlier = p.repeatOf === null ? null : history[p.repeatOf];
      const r = earlier ? { score: [...earlier.score] as number[], violation: earlier.violation } : f(p.values);
      const violation = r.violation ?? 0;
      history.push({ trial: first + i, batch, u: p.u, values: p.values, status: violation > 0 ? 'infeasible' : 'ok', score: r.score, violation, lastPartial: null, repeatOf: p.repeatOf });
      seen.set(valuesKey(p.values), p.repeatOf ?? first + i);
    });
  }
  return history;
}
