import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RankMetric } from '../run/metric-select.ts';
import type { ParamSpec } from '../research/sweep/param-grid.ts';

/**
 * manifest.json and metrics.json of a run folder: the one definition every writer (backtest, sweep,
 * walk-forward, A/B) and every reader (web, notebooks, suggest) uses. Writers are checked against the full schema
 * (every field a run of this version writes); readers accept older or hand-made folders that only have a run id,
 * and unknown fields pass through untouched.
 */

/** A strategy of a backtest or A/B run, as its manifest lists it. */
const manifestStrategy = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  /** The config file (and index) it came from. */
  source: z.string().optional(),
  configHash: z.string().optional(),
  symbol: z.string(),
  timeframe: z.string(),
  capital: z.number().optional(),
  fillPolicy: z.string().optional(),
  /** The named order and fill rules (engine/orders/policy.ts): limit_fill, stop_fill, both_touched, stops_from, entry_order, ... */
  orderRules: z.record(z.string(), z.string()).optional(),
  /** How informative series are aligned (engine/config/series.ts seriesPolicy); absent for single-series strategies. */
  series: z.string().optional(),
  /** The market whose calendar judged gaps and sessions, and how figures were annualised (backtest/REFERENCE.md). */
  market: z.string().optional(),
  /** Where the market came from: the config, the store's record of the series, or the default. */
  marketSource: z.string().optional(),
  annualisation: z.looseObject({ periodsPerYear: z.number(), basis: z.string(), minimumSpanDays: z.number(), applied: z.boolean().optional(), reason: z.string().nullable().optional() }).optional(),
  /** What each strategy is measured against: buy-and-hold of its symbol, and the run's named benchmark. */
  benchmarks: z.array(z.string()).optional(),
  /** A/B runs: control "A", variants "B", "C", ... */
  label: z.string().optional(),
});

/** The base strategy of a sweep or walk-forward run. */
const baseStrategy = z.looseObject({
  id: z.string().nullable(),
  name: z.string().nullable(),
  source: z.string(),
  configHash: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  capital: z.number(),
});

/** The data block: where the candles came from and what was read. */
const manifestData = z.looseObject({
  kind: z.string().optional(),
  paths: z.array(z.string()).optional(),
  exchange: z.string().optional(),
  series: z.array(z.object({ symbol: z.string(), timeframe: z.string() })).optional(),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  candles: z.number().optional(),
  firstCandleClose: z.string().nullable().optional(),
  lastCandleClose: z.string().nullable().optional(),
  hash: z.string().optional(),
});

/** What prices-display.parquet keeps of the run's candles, and by which rule. */
const manifestDisplay = z.object({
  file: z.string(),
  rule: z.string(),
  overviewBuckets: z.number(),
  chartCandles: z.number(),
  charted: z.array(z.object({ symbol: z.string(), timeframe: z.string(), source: z.string(), candles: z.number(), kept: z.number() })),
});

const RUN_KINDS = ['backtest', 'sweep', 'walkforward', 'ab'] as const;

/** What a run of this version writes to manifest.json. */
export const manifestSchema = z.looseObject({
  runId: z.string().min(1),
  kind: z.enum(RUN_KINDS),
  createdAt: z.string(),
  engineVersion: z.string(),
  command: z.string(),
  /** backtest and ab runs. */
  strategies: z.array(manifestStrategy).optional(),
  /** sweep and walkforward runs. */
  strategy: baseStrategy.optional(),
  params: z.array(z.object({ path: z.string(), values: z.array(z.unknown()) })).optional(),
  metric: z.string().optional(),
  data: manifestData,
  display: manifestDisplay.optional(),
  files: z.array(z.string()),
});

/** What a reader accepts: a run id; everything else optional (strategies default to none). */
const readableManifest = manifestSchema.partial().extend({
  runId: z.string().min(1),
  kind: z.string().optional(),
  strategies: z.array(manifestStrategy).default([]),
  data: manifestData.optional(),
});

export type ManifestInput = z.input<typeof manifestSchema>;
export type RunManifest = z.output<typeof readableManifest>;
export type ManifestStrategy = z.output<typeof manifestStrategy>;

/** A sweep or walk-forward manifest, as suggestions read it: the base strategy, the grid and the metric. */
export interface SweepManifest {
  runId: string;
  kind: string;
  strategy: z.output<typeof baseStrategy>;
  params: ParamSpec[];
  metric: RankMetric;
  data?: z.output<typeof manifestData>;
  [k: string]: unknown;
}

function issues(file: string, err: z.ZodError): string {
  return err.issues.map((i) => `${file}: ${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
}

/** Checks a manifest against the schema and writes it as `dir/manifest.json`; returns what was written. */
export function writeManifest<M extends ManifestInput>(dir: string, manifest: M): M {
  const file = join(dir, 'manifest.json');
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) throw new Error(`refusing to write an invalid manifest: ${issues(file, checked.error)}`);
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Reads `dir/manifest.json`; a missing run id or a field of the wrong type is an error naming the file and field. */
export function readManifest(dir: string): RunManifest {
  const file = join(dir, 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const parsed = readableManifest.safeParse(json);
  if (!parsed.success) throw new Error(issues(file, parsed.error));
  return parsed.data;
}

/** The top level of metrics.json as readMetricsDocument gives it: per strategy its StrategyMetrics, and the portfolio block. */
export const metricsDocumentSchema = z.looseObject({
  strategies: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      symbol: z.string(),
      timeframe: z.string(),
      metrics: z.looseObject({ performance: z.record(z.string(), z.number().nullable()), risk: z.record(z.string(), z.unknown()).optional() }),
    }),
  ),
  portfolio: z.looseObject({ correlation: z.unknown().optional(), attribution: z.unknown().optional() }),
});

export type MetricsDocument = z.output<typeof metricsDocumentSchema>;
