import * as z from 'zod';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import type { StrategyMetrics } from '../../../engine/types.ts';
import type { ParamSpec } from '../sweep/param-grid.ts';
import { DataRefSchema, type DataRef } from './data-ref.ts';

/** Default BullMQ queue name (and Redis key prefix) shared by coordinators and workers. */
export const DEFAULT_QUEUE = 'strata-sweeps';
export const KEY_PREFIX = 'strata';
/** A run's state in Redis lives this long after its last write (the coordinator refreshes it while it runs). */
export const STATE_TTL_SECONDS = 7 * 24 * 3600;

/**
 * One job: a batch of grid combinations of one sweep run. It carries the base config, the grid and a reference
 * to the data (never the candles); the worker builds each combination's config itself.
 */
export interface SweepJobData {
  v: 1;
  runId: string;
  batch: number;
  combinations: number[];
  base: StrategyConfig;
  params: ParamSpec[];
  from?: number;
  to?: number;
  data: DataRef;
}

const ParamValueSchema = z.union([z.number(), z.string(), z.boolean()]);

/** The job envelope as a worker accepts it; `base` is then parsed by the strategy config schema. */
export const SweepJobSchema = z.strictObject({
  v: z.literal(1),
  runId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  batch: z.number().int().min(0),
  combinations: z.array(z.number().int().min(0)).max(100_000),
  base: z.unknown(),
  params: z
    .array(z.strictObject({ path: z.string().min(1).max(500), values: z.array(ParamValueSchema).min(1).max(100_000) }))
    .min(1)
    .max(64),
  from: z.number().finite().optional(),
  to: z.number().finite().optional(),
  data: DataRefSchema,
});

/** BullMQ job ids may not contain ':'; run ids never do. */
export function jobId(runId: string, batch: number): string {
  return `${runId}-b${batch}`;
}

/** Redis keys of a run's state (besides BullMQ's own keys). */
export function runKeys(queue: string, runId: string): { spec: string; rows: string; done: string } {
  const base = `${KEY_PREFIX}:${queue}:run:${runId}`;
  return { spec: `${base}:spec`, rows: `${base}:rows`, done: `${base}:done` };
}

/** Batches of consecutive combination indexes: `size` each, the last one shorter. */
export function planBatches(total: number, size: number): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < total; start += size) out.push(Array.from({ length: Math.min(size, total - start) }, (_, k) => start + k));
  return out;
}

/**
 * Default batch size: about 128 jobs (enough to spread over a few dozen workers and to retry cheaply), at
 * most 32 combinations each. A job costs a few ms of queue work (bench/distributed.bench.ts), so grids of
 * very fast combinations want larger batches (--batch).
 */
export function defaultBatchSize(total: number): number {
  return Math.min(32, Math.max(1, Math.ceil(total / 128)));
}

/** One combination's outcome as a worker stores it (keyed by combination, so a retried job overwrites, never duplicates). */
export interface StoredRow {
  combination: number;
  status: 'ok' | 'errored' | 'skipped';
  reason: string | null;
  metrics: StrategyMetrics | null;
  /** Which worker computed it. */
  worker: string;
}

// JSON loses -0, NaN and ±Infinity; the tables must match a local sweep bit for bit, so those travel tagged.
const TAG = '$num';

/** JSON that keeps every number exactly (-0, NaN and ±Infinity included). */
export function encodeRow(row: StoredRow): string {
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { [TAG]: Object.is(v, -0) ? '-0' : String(v) } : v));
}

export function decodeRow(text: string): StoredRow {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && TAG in v) return Number((v as Record<string, string>)[TAG]);
    return v;
  }) as StoredRow;
}
