/**
 * Samplers driven by a plain function of the parameters instead of backtests: the same batch-synchronous loop
 * as the optimiser (seeded stream per batch, history in trial order), for tests and benchmarks of the search
 * itself on objectives with a known optimum or a known Pareto front.
 */
import type { ParamValue } from '../../param-grid.ts';
import { rngFor } from './prng.ts';
import type { Observation, Sampler } from './sampler.ts';
import { decodePoint, type Dimension } from './space.ts';

export interface SyntheticTrial extends Observation {
  values: ParamValue[];
}

/** Runs `trials` evaluations of `f` (scores, higher is better; `violation` 0 when feasible). */
export function runSynthetic(
  dims: readonly Dimension[],
  sampler: Sampler,
  f: (values: ParamValue[]) => { score: number[]; violation?: number },
  opts: { trials: number; batchSize: number; seed: number },
): SyntheticTrial[] {
  const history: SyntheticTrial[] = [];
  for (let batch = 0, first = 0; first < opts.trials; batch++, first += opts.batchSize) {
    const n = Math.min(opts.batchSize, opts.trials - first);
    const rng = rngFor(opts.seed, `w0:b${batch}`);
    const proposals = sampler.ask(n, { dims, history, batch, firstTrial: first, seed: opts.seed, rng, attempt: 0 });
    proposals.forEach((u, i) => {
      const p = decodePoint(dims, u);
      const r = f(p.values);
      const violation = r.violation ?? 0;
      history.push({ trial: first + i, batch, u: p.u, values: p.values, status: violation > 0 ? 'infeasible' : 'ok', score: r.score, violation, lastPartial: null });
    });
  }
  return history;
}
