/** The shapes of an optimisation job and its result, its run id and the span it studies (shared by the local and queue runs). */
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { timeframeMs } from '../../../engine/timeframe.ts';
import { canonicalJson, contentHash, sha256 } from '../../records/canonical.ts';
import { compactStamp, type PreparedData } from '../../run/job-common.ts';
import type { ExecutorOptions } from '../distributed/coordinator.ts';
import type { SweepJob } from '../sweep/sweep-job.ts';
import { planWindows } from '../walkforward/walkforward.ts';
import type { OptimizeSpec } from './settings.ts';
import type { StudyResult } from './study.ts';

export interface WalkForwardSpec {
  train: number;
  test: number;
  step?: number;
}

/** As a sweep job, with the search in place of the grid and metric. */
export interface OptimizeJob extends Omit<SweepJob, 'params' | 'metric' | 'executor'> {
  /** The Redis queue to run the trials on (local worker threads when absent). */
  executor?: ExecutorOptions;
  spec: OptimizeSpec;
  walkforward?: WalkForwardSpec;
}

export interface OptimizeJobResult {
  runId: string;
  outDir: string;
  study: StudyResult;
  manifest: Record<string, unknown>;
  document: Record<string, unknown>;
}

/** `<yyyymmddThhmmssZ>-<hash of config, spec and data>`. */
export function optimizeRunId(base: StrategyConfig, spec: OptimizeSpec, walkforward: WalkForwardSpec | undefined, dataHash: string, createdAt: Date): string {
  return `${compactStamp(createdAt)}-${sha256(canonicalJson({ kind: 'optimize', configHash: contentHash(base), spec, walkforward: walkforward ?? null, data: dataHash })).slice(0, 8)}`;
}

/** The span and walk-forward windows of the data in range for the config's symbol. */
export function studyRange(base: StrategyConfig, data: PreparedData, walkforward?: WalkForwardSpec) {
  const own = data.summary.series.filter((s) => s.symbol === base.symbol && s.first !== null);
  const from = Math.min(...own.map((s) => s.first!));
  const to = Math.max(...own.map((s) => s.last! + timeframeMs(s.timeframe)));
  const windows = walkforward ? planWindows(from, to, walkforward.train, walkforward.test, base.timeframe, walkforward.step) : undefined;
  if (windows && windows.length === 0) throw new Error(`the data (${new Date(from).toISOString()} to ${new Date(to).toISOString()}) is too short for one --train plus one --test window`);
  return { span: { start: from, end: to }, windows };
}

