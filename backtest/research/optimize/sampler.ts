/**
 * The samplers' common contract. A sampler is a pure function of the run's history: asked for a batch, it
 * proposes coordinates (one [0, 1] value per dimension) from the trials finished so far, in trial order, and
 * from a random stream fixed by the seed and the batch number. Batches are proposed one at a time and their
 * results consumed in trial order, so the sequence of trials cannot depend on worker timing.
 */
import type { Rng } from './prng.ts';
import type { Dimension } from './space.ts';

export type TrialStatus = 'ok' | 'infeasible' | 'pruned' | 'invalid' | 'errored';

/** A finished trial as the samplers see it. */
export interface Observation {
  trial: number;
  batch: number;
  /** Coordinates of the values the trial ran. */
  u: readonly number[];
  status: TrialStatus;
  /** Objective values, higher is better (minimised objectives negated); null where undefined. */
  score: readonly (number | null)[];
  /** 0 when feasible; how far from feasible otherwise (invalid and errored trials: Infinity). */
  violation: number;
  /** A pruned trial's return at the last checkpoint it reached (orders pruned trials among themselves). */
  lastPartial: number | null;
}

export interface AskContext {
  dims: readonly Dimension[];
  history: readonly Observation[];
  /** Number of this batch (0-based) and of its first trial. */
  batch: number;
  firstTrial: number;
  seed: number;
  rng: Rng;
  /** 0 for the first proposal of a slot, 1, 2, ... when a proposal broke a condition and is asked again. */
  attempt: number;
}

export interface Sampler {
  readonly name: string;
  ask(n: number, ctx: AskContext): number[][];
}

/** Uniform coordinates. */
export function uniformPoint(dims: number, rng: Rng): number[] {
  return Array.from({ length: dims }, () => rng.uniform());
}

/** A trial counts as finished evidence for the model when it ran to the end (feasible or not) or was pruned. */
export function isEvidence(o: Observation): boolean {
  return o.status === 'ok' || o.status === 'infeasible' || o.status === 'pruned';
}
