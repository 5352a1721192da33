/**
 * An optimisation as the user asked for it, in plain data (what a queued run stores and a resumed coordinator
 * reads back), and its parsed form. Parsing checks everything before any data is read.
 */
import { ParamSpecError } from '../sweep/param-grid.ts';
import { parseCondition } from './conditions.ts';
import { parseConstraint, parseObjective } from './objectives.ts';
import { defaultBatchSize, type OptimizeSettings, type PruneSettings, type SearchKind } from './optimizer.ts';
import type { RandomSequence } from './random-sampler.ts';
import { checkSpace, parseDimension } from './space.ts';

export interface OptimizeSpec {
  /** The --param arguments as given. */
  params: string[];
  conditions: string[];
  objectives: string[];
  constraints: string[];
  search: SearchKind;
  sequence: RandomSequence;
  trials: number;
  seed: number;
  batchSize?: number;
  prune: PruneSettings;
}

export const DEFAULT_PRUNE: PruneSettings = { median: false, margin: 0.1, minTrials: 5, checkpoints: 4, maxDrawdown: null };

/** A setting that cannot work together with the others (a usage error). */
export class OptimizeSpecError extends Error {}

export function buildSettings(spec: OptimizeSpec): OptimizeSettings {
  const dims = spec.params.map(parseDimension);
  checkSpace(dims);
  const objectives = (spec.objectives.length ? spec.objectives : ['sharpe_per_bar']).map((o) => parseObjective(o));
  const constraints = spec.constraints.map((c) => parseConstraint(c));
  const conditions = spec.conditions.map((c) => parseCondition(c, dims));
  if (!Number.isInteger(spec.trials) || spec.trials < 1 || spec.trials > 100_000) throw new OptimizeSpecError(`--trials must be a whole number from 1 to 100000, got ${spec.trials}`);
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) throw new OptimizeSpecError(`--seed must be a whole number from 0 to 4294967295, got ${spec.seed}`);
  if (spec.search === 'nsga2' && objectives.length < 2) throw new OptimizeSpecError('--search nsga2 needs two or more --objective (e.g. --objective max:sharpe --objective min:max_drawdown)');
  if (spec.search === 'tpe' && objectives.length > 1) throw new OptimizeSpecError('--search tpe optimises one objective; give one --objective (an expression can combine metrics) or use --search nsga2');
  const batchSize = spec.batchSize ?? defaultBatchSize(spec.search);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new OptimizeSpecError(`--batch must be a whole number >= 1, got ${batchSize}`);
  if (spec.search === 'nsga2' && batchSize < 4) throw new OptimizeSpecError('--search nsga2 needs a population (--batch) of at least 4');
  if (spec.prune.maxDrawdown !== null && !(spec.prune.maxDrawdown > 0 && spec.prune.maxDrawdown < 1)) throw new OptimizeSpecError('--prune-drawdown must be a fraction between 0 and 1, e.g. 0.3');
  return { dims, conditions, objectives, constraints, search: spec.search, sequence: spec.sequence, trials: spec.trials, seed: spec.seed, batchSize, prune: spec.prune };
}

export { ParamSpecError };
