/**
 * Alert configuration: `alerts.json` with thresholds and sinks. Looked up, first found wins: the given path,
 * `<session dir>/alerts.json`, `<sessions dir>/alerts.json`, `.strata/alerts.json`. Without a file: the default
 * thresholds and the console. `STRATA_ALERT_WEBHOOK=<url>` adds a webhook sink to whatever the file says.
 *
 *   { "thresholds": { "latencyP99Ms": 100, "silenceFactor": 4 },
 *     "sinks": [ { "type": "console" }, { "type": "webhook", "url": "https://hooks.example/strata", "retries": 5 } ] }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { HealthThresholds } from '../../../engine/health/types.ts';
import { consoleSink, WebhookSink, type AlertSink } from './sinks.ts';

const positive = z.number().positive();
const ThresholdsSchema = z
  .object({
    latencyP99Ms: positive,
    latencyMinSamples: z.number().int().min(1),
    staleAfterMs: positive.nullable(),
    staleFactor: positive,
    minStaleMs: positive,
    drawdownMargin: z.number().min(0),
    silenceFactor: positive,
    minSignalsForRate: z.number().int().min(2),
    exposureTolerance: z.number().min(0),
    violationWindowBars: z.number().int().min(1),
  })
  .partial()
  .strict();

const SinkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('console') }).strict(),
  z
    .object({
      type: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/ }),
      retries: z.number().int().min(0).max(20).optional(),
      baseDelayMs: positive.optional(),
      timeoutMs: positive.optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
]);

export const AlertConfigSchema = z
  .object({
    $schema: z.string().optional(),
    thresholds: ThresholdsSchema.default({}),
    sinks: z.array(SinkSchema).default([{ type: 'console' }]),
    /** Look up each strategy's backtest in the results database (max drawdown, signal rate). Default true. */
    baselines: z.boolean().default(true),
  })
  .strict();

export type AlertConfig = z.infer<typeof AlertConfigSchema>;

export interface LoadedAlertConfig {
  config: AlertConfig;
  /** The file it came from, or null for the defaults. */
  file: string | null;
  thresholds: Partial<HealthThresholds>;
  sinks: AlertSink[];
}

/** Parses an alert config (raw JSON); errors name the path. */
export function parseAlertConfig(raw: unknown, where = 'alerts.json'): AlertConfig {
  const r = AlertConfigSchema.safeParse(raw);
  if (!r.success) throw new Error(`${where}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Finds and loads the alert config; builds its sinks (console output through `write`). */
export function loadAlertConfig(candidates: readonly (string | null | undefined)[], opts: { env?: NodeJS.ProcessEnv; write?: (line: string) => void } = {}): LoadedAlertConfig {
  const env = opts.env ?? process.env;
  const file = [...candidates.filter((c): c is string => !!c), join('.strata', 'alerts.json')].find((p) => existsSync(p)) ?? null;
  const config = file ? parseAlertConfig(JSON.parse(readFileSync(file, 'utf8')), file) : parseAlertConfig({});
  const sinks: AlertSink[] = config.sinks.map((s) => (s.type === 'console' ? consoleSink(opts.write) : new WebhookSink({ url: s.url, retries: s.retries, baseDelayMs: s.baseDelayMs, timeoutMs: s.timeoutMs, headers: s.headers })));
  if (env.STRATA_ALERT_WEBHOOK) sinks.push(new WebhookSink({ url: env.STRATA_ALERT_WEBHOOK }));
  return { config, file, thresholds: config.thresholds as Partial<HealthThresholds>, sinks };
}
