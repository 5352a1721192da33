import type { StrategyConfig } from '../engine/config/schema.ts';
import type { StrategyMetrics } from '../engine/types.ts';
import { compareScores, metricValue, type RankMetric } from './metric-select.ts';
import { applyParams, combinationValues, gridSize, type ParamSpec, type ParamValue } from './param-grid.ts';
import type { RunPool } from './run-pool.ts';
import type { SharedData } from './shared-columns.ts';

export interface SweepOptions {
  base: StrategyConfig;
  params: readonly ParamSpec[];
  data: SharedData;
  pool: RunPool;
  metric: RankMetric;
  /** Open-time range [from, to) each combination replays. */
  from?: number;
  to?: number;
  /** Called as each combination finishes (skipped ones count at once). */
  onProgress?: (done: number, total: number) => void;
}

export type SweepStatus = 'ok' | 'errored' | 'skipped';

/** One combination of the grid. */
export interface SweepRow {
  /** Position in the grid (row-major, first parameter slowest): the row's identity. */
  combination: number;
  /** Values, aligned with the sweep's params. */
  values: ParamValue[];
  status: SweepStatus;
  /** Why it was skipped (invalid config) or errored (the strategy threw). */
  reason: string | null;
  /** The engine's metrics of the run; null when skipped. */
  metrics: StrategyMetrics | null;
  /** The chosen metric's value; null when undefined or not ranked. */
  score: number | null;
  /** 1 = best; null for rows without a score. */
  rank: number | null;
  /** The config it ran (null when skipped). */
  config: StrategyConfig | null;
}

export interface SweepResult {
  metric: RankMetric;
  params: readonly ParamSpec[];
  /** Best first: scored rows by score (ties by combination), then unscored, errored and skipped rows by combination. */
  rows: SweepRow[];
  combinations: number;
  skipped: number;
  errored: number;
}

const ORDER: Record<SweepStatus, number> = { ok: 0, errored: 1, skipped: 2 };

/**
 * Runs every combination of the grid on the pool. Each combination is a fresh replay, and rows are ordered by
 * score then combination index, so the result is the same whatever the number of workers or finishing order.
 */
export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const total = gridSize(opts.params);
  const rows: SweepRow[] = new Array(total);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const runOne = async (i: number): Promise<void> => {
    const values = combinationValues(opts.params, i);
    const applied = applyParams(opts.base, opts.params, values);
    if (!applied.ok) {
      rows[i] = { combination: i, values, status: 'skipped', reason: applied.reason, metrics: null, score: null, rank: null, config: null };
      tick();
      return;
    }
    const config = applied.config;
    const r = await opts.pool.run({ data: opts.data, config, from: opts.from, to: opts.to });
    const errored = r.status === 'errored';
    rows[i] = {
      combination: i,
      values,
      status: errored ? 'errored' : 'ok',
      reason: r.error,
      metrics: r.metrics,
      score: errored ? null : metricValue(opts.metric, r.metrics.performance),
      rank: null,
      config,
    };
    tick();
  };
  // A few tasks per worker in flight keeps every thread busy without building every config up front.
  let next = 0;
  const lane = async () => {
    while (next < total) await runOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(total, Math.max(1, opts.pool.workers) * 4) }, lane));
  return rankRows(opts.metric, opts.params, rows);
}

/** Sorts rows best first and numbers the scored ones. */
export function rankRows(metric: RankMetric, params: readonly ParamSpec[], rows: SweepRow[]): SweepResult {
  const sorted = [...rows].sort((a, b) => {
    const sa = a.status === 'ok' && a.score !== null;
    const sb = b.status === 'ok' && b.score !== null;
    if (sa && sb) return compareScores(metric, a.score, b.score, a.combination, b.combination);
    if (sa !== sb) return sa ? -1 : 1;
    return ORDER[a.status] - ORDER[b.status] || a.combination - b.combination;
  });
  let rank = 0;
  for (const r of sorted) r.rank = r.status === 'ok' && r.score !== null ? ++rank : null;
  return {
    metric,
    params,
    rows: sorted,
    combinations: rows.length,
    skipped: rows.filter((r) => r.status === 'skipped').length,
    errored: rows.filter((r) => r.status === 'errored').length,
  };
}

/** The winner: the best scored row, else (nothing scored, e.g. no combination traded) the first row that ran; null if none ran. */
export function bestRow(result: SweepResult): SweepRow | null {
  return result.rows.find((r) => r.rank === 1) ?? result.rows.filter((r) => r.status === 'ok').sort((a, b) => a.combination - b.combination)[0] ?? null;
}
