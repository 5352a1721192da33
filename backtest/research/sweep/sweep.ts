import type { StrategyConfig } from '../../../engine/config/schema.ts';
import type { StrategyMetrics } from '../../../engine/types.ts';
import { compareScores, metricValue, type RankMetric } from '../../run/metric-select.ts';
import { applyParams, combinationValues, gridSize, type ParamSpec, type ParamValue } from './param-grid.ts';
import type { RunPool } from '../pool/run-pool.ts';
import type { SharedData } from '../../run/shared-columns.ts';

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
  const workers = Math.max(1, opts.pool.workers);
  // Batches small enough to spread evenly over the workers (about 16 per worker), large enough that
  // messaging and bookkeeping stay a small share of the main thread's time.
  const batch = Math.min(32, Math.max(1, Math.ceil(total / (workers * 16))));
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const start = next;
      next = Math.min(total, next + batch);
      const combinations = Array.from({ length: next - start }, (_, k) => start + k);
      const r = await opts.pool.runGrid({ kind: 'grid', data: opts.data, base: opts.base, params: opts.params, combinations, from: opts.from, to: opts.to });
      for (const g of r.rows) {
        rows[g.combination] = {
          combination: g.combination,
          values: combinationValues(opts.params, g.combination),
          status: g.status,
          reason: g.reason,
          metrics: g.metrics,
          score: g.status === 'ok' && g.metrics ? metricValue(opts.metric, g.metrics.performance) : null,
          rank: null,
        };
        opts.onProgress?.(++done, total);
      }
    }
  };
  // Two batches per worker in flight keeps every thread busy.
  await Promise.all(Array.from({ length: Math.min(Math.ceil(total / batch), workers * 2) }, lane));
  return rankRows(opts.metric, opts.params, rows);
}

/** The config a row ran: the base with the row's values (rows do not carry it, grids can be large). */
export function rowConfig(base: StrategyConfig, params: readonly ParamSpec[], row: SweepRow): StrategyConfig | null {
  const applied = applyParams(base, params, row.values);
  return applied.ok ? applied.config : null;
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
