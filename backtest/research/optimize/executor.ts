/**
 * Where trials run. The optimiser hands an executor one batch at a time and waits for all of it, so the
 * executor may spread the batch over any number of threads or machines without changing the results.
 */
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import type { ParamValue } from '../sweep/param-grid.ts';
import type { RunPool } from '../pool/run-pool.ts';
import type { SharedData } from '../../run/shared-columns.ts';
import type { TrialOutcome } from './trial-task.ts';
import type { PruneRules } from './trial-run.ts';

export interface TrialRequest {
  key: string;
  trial: number;
  values: ParamValue[];
}

export interface TrialExecutor {
  /** Runs a batch; resolves with one outcome per request (any order). `window` tells walk-forward windows apart. */
  runBatch(window: number, batch: number, requests: readonly TrialRequest[], prune: PruneRules, range: { from?: number; to?: number }): Promise<TrialOutcome[]>;
}

/** Local worker threads (or this thread with 0 workers): the batch is cut into about two chunks per worker. */
export function localExecutor(pool: RunPool, ctx: { data: SharedData; base: StrategyConfig; paths: string[] }): TrialExecutor {
  return {
    async runBatch(_window, _batch, requests, prune, range) {
      const lanes = Math.max(1, pool.workers) * 2;
      const size = Math.max(1, Math.ceil(requests.length / lanes));
      const chunks: TrialRequest[][] = [];
      for (let i = 0; i < requests.length; i += size) chunks.push(requests.slice(i, i + size));
      const results = await Promise.all(chunks.map((trials) => pool.runTrials({ kind: 'trials', data: ctx.data, base: ctx.base, paths: ctx.paths, trials, from: range.from, to: range.to, prune })));
      return results.flatMap((r) => r.outcomes);
    },
  };
}
