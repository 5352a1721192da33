/**
 * The optimisation loop: propose a batch, run it, judge it, repeat. Proposals depend only on the seed, the
 * batch number and the trials of earlier batches in trial order; early-stopping thresholds only on trials of
 * earlier batches. So the same seed gives the same trials on any executor and at any worker count.
 */
import type { StrategyMetrics } from '../../../engine/types.ts';
import type { ParamValue } from '../sweep/param-grid.ts';
import { brokenCondition, type Condition } from './conditions.ts';
import type { TrialExecutor, TrialRequest } from './executor.ts';
import { nsga2Sampler } from './nsga2.ts';
import { judge, oriented, type Constraint, type Objective } from './objectives.ts';
import { rngFor } from './prng.ts';
import { randomSampler, type RandomSequence } from './random-sampler.ts';
import type { AskContext, Observation, Sampler, TrialStatus } from './sampler.ts';
import { decodePoint, type Dimension } from './space.ts';
import { tpeSampler } from './tpe.ts';
import type { PruneRules, ReturnMoments } from './trial-run.ts';
import type { TrialOutcome } from './trial-task.ts';

export type SearchKind = 'random' | 'tpe' | 'nsga2';

export interface PruneSettings {
  /** Median pruning: stop a trial whose return at a checkpoint is `margin` below the median of earlier finished trials there. */
  median: boolean;
  /** In return units (0.1 = ten percentage points). */
  margin: number;
  /** Finished trials needed at a checkpoint before it is compared. */
  minTrials: number;
  /** Checkpoints, evenly spaced inside the replayed range. */
  checkpoints: number;
  maxDrawdown: number | null;
}

export interface OptimizeSettings {
  dims: Dimension[];
  conditions: Condition[];
  objectives: Objective[];
  constraints: Constraint[];
  search: SearchKind;
  sequence: RandomSequence;
  trials: number;
  seed: number;
  batchSize: number;
  prune: PruneSettings;
}

export interface Trial {
  trial: number;
  batch: number;
  key: string;
  values: ParamValue[];
  u: number[];
  status: TrialStatus;
  reason: string | null;
  metrics: StrategyMetrics | null;
  /** Objective values in their own sign (null when undefined or the trial did not finish). */
  objectives: (number | null)[];
  violation: number;
  checkpoints: (number | null)[];
  moments: ReturnMoments | null;
  wallMs: number;
  /** The earlier trial with the same values whose result this one repeats (not replayed again); null when it ran. */
  repeatOf: number | null;
}

/** Identity of a parameter set (repeats are detected by it). */
export const valuesKey = (values: readonly ParamValue[]) => JSON.stringify(values);

/** Default batch: the number of trials proposed together (independent of the worker count, so results are too). */
export function defaultBatchSize(search: SearchKind): number {
  return search === 'random' ? 32 : search === 'tpe' ? 8 : 24;
}

/** Redraws of a proposal that breaks a condition or repeats earlier values before it is used as it is. */
const CONDITION_RETRIES = 50;

export function makeSampler(s: OptimizeSettings): Sampler {
  if (s.search === 'random') return randomSampler(s.sequence);
  if (s.search === 'tpe') return tpeSampler();
  return nsga2Sampler(s.batchSize);
}

/** The early-stopping rules for the next batch, from the trials before it (a repeat counts once). */
export function pruneRules(s: PruneSettings, done: readonly Trial[], range: { start: number; end: number }): PruneRules {
  const times = Array.from({ length: s.checkpoints }, (_, j) => range.start + ((j + 1) * (range.end - range.start)) / (s.checkpoints + 1));
  const thresholds = times.map((_, j) => {
    if (!s.median) return null;
    const vals = done.filter((t) => t.repeatOf === null && (t.status === 'ok' || t.status === 'infeasible') && t.checkpoints[j] !== null && t.checkpoints[j] !== undefined).map((t) => t.checkpoints[j]!).sort((a, b) => a - b);
    if (vals.length < s.minTrials) return null;
    const mid = vals.length >> 1;
    const median = vals.length % 2 ? vals[mid] : (vals[mid - 1] + vals[mid]) / 2;
    return median - s.margin;
  });
  return { checkpointTimes: times, thresholds, maxDrawdown: s.maxDrawdown };
}

function observation(t: Trial, objectives: readonly Objective[]): Observation {
  const last = [...t.checkpoints].reverse().find((c) => c !== null && c !== undefined) ?? null;
  return { trial: t.trial, batch: t.batch, u: t.u, status: t.status, score: oriented(objectives, t.objectives), violation: t.violation, lastPartial: last };
}

/** A worker's outcome judged against the objectives and constraints. */
export function trialFromOutcome(s: OptimizeSettings, base: Omit<Trial, 'status' | 'reason' | 'metrics' | 'objectives' | 'violation' | 'checkpoints' | 'moments' | 'wallMs' | 'repeatOf'>, o: TrialOutcome): Trial {
  const rest = { metrics: o.metrics, checkpoints: o.checkpoints, moments: o.moments, wallMs: o.wallMs, repeatOf: null };
  const none = s.objectives.map(() => null);
  if (o.status !== 'ok' || !o.metrics) return { ...base, ...rest, status: o.status === 'ok' ? 'errored' : o.status, reason: o.reason, objectives: none, violation: Number.POSITIVE_INFINITY };
  const j = judge(s.objectives, s.constraints, o.metrics.performance);
  return { ...base, ...rest, status: j.feasible ? 'ok' : 'infeasible', reason: j.reason, objectives: j.values, violation: j.violation };
}

export interface OptimizeRun {
  /** Walk-forward window (0 without walk-forward); part of each trial's key. */
  window: number;
  /** Open-time range replayed; `start`/`end` bound the checkpoints. */
  range: { from?: number; to?: number; start: number; end: number };
  onBatch?: (done: number, total: number) => void;
}

export interface Proposal {
  values: ParamValue[];
  u: number[];
  /** The condition the values still break after the redraws (the slot is recorded invalid). */
  broken: Condition | null;
  /** The earlier trial (or slot of this batch) with the same values, whose result is reused. */
  repeatOf: number | null;
}

/**
 * A batch of proposals. One that breaks a condition, or repeats the values of an earlier trial (replays are
 * deterministic: it would add nothing), is drawn again from the same stream, up to CONDITION_RETRIES times.
 * `seen` maps the values of every earlier trial to its trial number.
 */
export function proposeBatch(sampler: Sampler, conditions: readonly Condition[], n: number, ctx: AskContext, seen: ReadonlyMap<string, number>): Proposal[] {
  const taken = new Map<string, number>();
  const usable = (values: ParamValue[]) => !brokenCondition(conditions, ctx.dims, values) && !seen.has(valuesKey(values)) && !taken.has(valuesKey(values));
  return sampler.ask(n, ctx).map((u, i) => {
    let point = decodePoint(ctx.dims, u);
    for (let attempt = 1; !usable(point.values) && attempt <= CONDITION_RETRIES; attempt++) point = decodePoint(ctx.dims, sampler.ask(1, { ...ctx, attempt })[0]);
    const key = valuesKey(point.values);
    const repeatOf = seen.get(key) ?? taken.get(key) ?? null;
    if (repeatOf === null) taken.set(key, ctx.firstTrial + i);
    return { ...point, broken: brokenCondition(conditions, ctx.dims, point.values), repeatOf };
  });
}

/** Runs the whole optimisation; trials come back in trial order. */
export async function optimize(s: OptimizeSettings, executor: TrialExecutor, run: OptimizeRun): Promise<Trial[]> {
  const sampler = makeSampler(s);
  const trials: Trial[] = [];
  const history: Observation[] = [];
  const seen = new Map<string, number>();
  for (let batch = 0, first = 0; first < s.trials; batch++, first += s.batchSize) {
    const n = Math.min(s.batchSize, s.trials - first);
    const rng = rngFor(s.seed, `w${run.window}:b${batch}`);
    const ctx = { dims: s.dims, history, batch, firstTrial: first, seed: s.seed, rng, attempt: 0 };
    const slots = proposeBatch(sampler, s.conditions, n, ctx, seen).map((x, i) => ({ ...x, trial: first + i, batch, key: `${run.window}:${first + i}` }));
    const requests: TrialRequest[] = slots.filter((x) => !x.broken && x.repeatOf === null).map((x) => ({ key: x.key, trial: x.trial, values: x.values }));
    const rules = pruneRules(s.prune, trials, run.range);
    const outcomes = requests.length ? await executor.runBatch(run.window, batch, requests, rules, { from: run.range.from, to: run.range.to }) : [];
    const byKey = new Map(outcomes.map((o) => [o.key, o]));
    const byTrial = new Map<number, Trial>();
    for (const x of slots) {
      const base = { trial: x.trial, batch, key: x.key, values: x.values, u: x.u };
      const o = byKey.get(x.key);
      const earlier = x.repeatOf === null ? undefined : trials[x.repeatOf] ?? byTrial.get(x.repeatOf);
      let t: Trial;
      if (x.broken) t = { ...base, status: 'invalid', reason: `condition not met: ${x.broken.text}`, metrics: null, objectives: s.objectives.map(() => null), violation: Number.POSITIVE_INFINITY, checkpoints: [], moments: null, wallMs: 0, repeatOf: null };
      else if (earlier) t = { ...earlier, ...base, wallMs: 0, repeatOf: earlier.trial };
      else if (o) t = trialFromOutcome(s, base, o);
      else throw new Error(`the executor returned no result for trial ${x.key}`);
      byTrial.set(t.trial, t);
      trials.push(t);
      seen.set(valuesKey(t.values), t.repeatOf ?? t.trial);
      history.push(observation(t, s.objectives));
    }
    run.onBatch?.(trials.length, s.trials);
  }
  return trials;
}
