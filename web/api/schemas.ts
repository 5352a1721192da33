import * as z from 'zod';
import type { ResponseSpec } from './route-spec.ts';

/**
 * The bodies the API answers with, as zod schemas: the OpenAPI document shows them, the tests check real
 * answers against them, and `Matches` below makes the compiler check them against the engine's own types.
 * Named ones become components of the document (COMPONENTS).
 */

const num = z.number();
const nullableNum = z.number().nullable();

export const ErrorSchema = z.object({
  error: z.string().describe('what went wrong, in a sentence'),
  problems: z.array(z.object({ path: z.string().describe('dotted path into the body, e.g. rules.entry.condition ("" for the whole body)'), message: z.string() })).optional(),
});

export const StatusSchema = z.enum(['running', 'paused', 'stopped', 'errored', 'finished']);

export const StrategySummarySchema = z.object({ id: z.string(), name: z.string(), symbol: z.string(), timeframe: z.string(), status: StatusSchema });

export const SignalSchema = z.object({
  strategyId: z.string(),
  action: z.enum(['BUY', 'SELL', 'HOLD', 'EXIT']),
  symbol: z.string(),
  price: num,
  confidence: num.describe('0..1'),
  reason: z.string(),
  time: num.describe('epoch ms (candle close)'),
});

export const PositionSchema = z.object({
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  quantity: num,
  entryPrice: num,
  entryTime: num,
  entryFee: num,
  stopPrice: nullableNum,
  takeProfitPrice: nullableNum,
});

export const StrategyMetricsSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: StatusSchema,
  performance: z
    .object({
      totalReturn: num,
      winRate: nullableNum,
      sharpeRatio: nullableNum.describe('annualised; null under the minimum span'),
      sharpePerBar: nullableNum.describe('mean over standard deviation of per-bar returns, not annualised; present for any span'),
      maxDrawdown: num,
      totalTrades: num,
      cagr: nullableNum,
      averageTrade: nullableNum,
      profitFactor: nullableNum,
      expectancy: nullableNum,
      sortinoRatio: nullableNum,
      calmarRatio: nullableNum,
      maxDrawdownDuration: num,
      exposure: nullableNum,
      realizedPnL: num,
      fees: num,
      equity: num,
      bars: num,
    })
    .describe('formulas in engine/metrics/formulas.ts; degenerate values are null'),
  annualisation: z
    .object({ periodsPerYear: num, basis: z.string(), spanDays: num.nullable(), minimumSpanDays: num, applied: z.boolean(), reason: z.string().nullable() })
    .optional()
    .describe('bars per year used (engine/markets/annualisation.ts), the span, whether figures were annualised and, when not, why'),
  current: z.object({ position: PositionSchema.nullable(), positions: z.array(PositionSchema).optional().describe('every open position, own symbol first (strategies trading several symbols only)'), unrealizedPnL: num, lastSignal: SignalSchema.nullable(), lastUpdate: z.string().nullable().describe('ISO 8601 UTC of the last processed candle close') }),
  risk: z.object({ currentExposure: num, riskScore: num.describe('0..100'), violatedLimits: z.array(z.string()) }),
});

/** A strategy config as the engine parsed it (defaults filled in); its input shape is the StrategyConfig component. */
export const ParsedConfigSchema = z.record(z.string(), z.unknown()).describe('the parsed strategy config (StrategyConfig with every default filled in)');

export const StrategyDetailSchema = StrategySummarySchema.extend({ config: ParsedConfigSchema, metrics: StrategyMetricsSchema });

export const RunListingSchema = z.object({
  runId: z.string(),
  kind: z.string(),
  createdAt: z.string().nullable(),
  outDir: z.string(),
  strategies: nullableNum,
  totalReturn: nullableNum,
  sharpe: nullableNum,
  maxDrawdown: nullableNum,
  trades: nullableNum,
  candles: nullableNum,
  dataFrom: z.string().nullable(),
  dataTo: z.string().nullable(),
  source: z.enum(['results-db', 'folder']),
});

const ManifestStrategySchema = z.looseObject({ id: z.string(), name: z.string().optional(), symbol: z.string(), timeframe: z.string(), capital: num.optional() });

export const RunDetailSchema = z.object({
  manifest: z.looseObject({ runId: z.string(), kind: z.string().optional(), createdAt: z.string().optional(), command: z.string().optional(), strategies: z.array(ManifestStrategySchema), files: z.array(z.string()).optional() }).describe('manifest.json'),
  metrics: z
    .looseObject({
      strategies: z.array(z.looseObject({ id: z.string(), name: z.string(), symbol: z.string(), timeframe: z.string(), metrics: z.looseObject({ performance: z.record(z.string(), nullableNum) }) })),
      portfolio: z.record(z.string(), z.unknown()),
    })
    .describe('metrics.json, with every strategy (from strategies.jsonl when the run has more than 20)'),
});

export const TradeRowSchema = z.looseObject({
  strategy_id: z.string(),
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  quantity: num,
  entry_time: z.string().describe('ISO 8601 UTC'),
  entry_price: num,
  exit_time: z.string().describe('ISO 8601 UTC'),
  exit_price: num,
  pnl: num,
  return: num,
  fees: num,
  exit_reason: z.string(),
  funding: num.optional().describe("a perpetual's net funding while open (received − paid), in pnl; 0 for spot"),
  borrow_cost: num.optional().describe("a short's borrow cost, in pnl; 0 when none"),
});

export const TradesPageSchema = z.object({ total: num, offset: num, limit: num, trades: z.array(TradeRowSchema) });

export const EquitySchema = z.object({
  points: num.describe('the requested number of points per line'),
  series: z.array(
    z.object({
      id: z.string().describe('strategy id, or __portfolio__'),
      time: z.array(num).describe('epoch ms'),
      equity: z.array(num),
      drawdownTime: z.array(num),
      drawdown: z.array(num).describe('fraction below the running peak'),
    }),
  ),
});

export const AlertSchema = z.object({
  key: z.string(),
  rule: z.enum(['strategy_errored', 'feed_stale', 'latency', 'drawdown_beyond_backtest', 'no_signals', 'limit_violation', 'exposure_above_limit']),
  severity: z.enum(['warning', 'critical']),
  strategyId: z.string().nullable(),
  message: z.string(),
  value: nullableNum,
  threshold: nullableNum,
  id: z.string(),
  state: z.enum(['raised', 'cleared']),
  raisedAt: num,
  time: num,
});

const FeedStatusSchema = z.enum(['warmup', 'connected', 'stale', 'reconnecting', 'gap', 'invalid', 'recovered', 'ended']);

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'warning', 'critical']),
  time: z.string(),
  feed: z.object({
    status: FeedStatusSchema.nullable(),
    statusDetail: z.string().nullable(),
    lastCandleWall: nullableNum,
    startedWall: num,
    intervalMs: nullableNum,
    delayP50: nullableNum,
    delayP99: nullableNum,
    staleAfterMs: num,
    sinceLastCandleMs: nullableNum,
  }),
  strategies: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: StatusSchema,
      errorMessage: z.string().nullable(),
      errors: num,
      lastCandleTime: nullableNum,
      firstCandleTime: nullableNum,
      latencyP50: nullableNum,
      latencyP99: nullableNum,
      latencySamples: num,
      lastSignalTime: nullableNum,
      signals: num,
      usualSignalIntervalMs: nullableNum,
      drawdown: num,
      maxDrawdown: num,
      baselineMaxDrawdown: nullableNum,
      exposure: num.describe('position value / equity at the last price'),
      entryExposure: num.describe('position value / equity at the entry price: what maxPositionSize caps and the exposure rule judges'),
      exposureLimit: nullableNum,
      recentViolations: z.array(z.string()).readonly(),
      sinceLastSignalMs: nullableNum,
      baselineSource: z.string().nullable(),
      alerts: z.array(AlertSchema),
    }),
  ),
  alerts: z.array(AlertSchema).describe('raised and not yet cleared'),
  recent: z.array(AlertSchema).describe('the last alert changes, newest last (at most 100)'),
  thresholds: z.object({
    latencyP99Ms: num,
    latencyMinSamples: num,
    staleAfterMs: nullableNum,
    staleFactor: num,
    minStaleMs: num,
    drawdownMargin: num,
    silenceFactor: num,
    minSignalsForRate: num,
    exposureTolerance: num,
    violationWindowBars: num,
  }),
});

const VersionSourceSchema = z.enum(['start', 'update', 'set', 'rollback', 'backtest', 'ab', 'import']);

export const StrategyVersionSchema = z.object({
  strategyId: z.string(),
  hash: z.string().describe('sha256 of the canonical config'),
  number: num,
  parent: z.string().nullable(),
  source: VersionSourceSchema,
  note: z.string().nullable(),
  author: z.string().nullable(),
  createdAt: z.string(),
  config: z.record(z.string(), z.unknown()),
});

export const VersionActivationSchema = z.object({
  strategyId: z.string(),
  seq: num,
  hash: z.string(),
  previous: z.string().nullable(),
  reason: VersionSourceSchema,
  note: z.string().nullable(),
  session: z.string().nullable(),
  runId: z.string().nullable(),
  at: z.string(),
});

export const VersionedStrategySchema = z.object({ strategyId: z.string(), versions: num.describe('stored versions'), current: z.string().nullable().describe('hash running now'), updatedAt: z.string().nullable().describe('last switch') });

export const VersionHistorySchema = z.object({
  strategyId: z.string(),
  current: z.string().nullable().describe('hash of the version running now'),
  versions: z.array(StrategyVersionSchema).describe('oldest first'),
  log: z.array(VersionActivationSchema).describe('every switch between versions'),
  running: StatusSchema.nullable().describe('status of the strategy on this server, null when it is not here'),
});

const VersionRefSchema = z.object({ strategyId: z.string(), number: num, hash: z.string() });

export const VersionDiffSchema = z.object({
  from: VersionRefSchema,
  to: VersionRefSchema,
  changes: z.array(z.object({ path: z.string(), kind: z.enum(['changed', 'added', 'removed']), old: z.unknown().optional(), new: z.unknown().optional() })),
});

export const RollbackResultSchema = z.object({ id: z.string(), version: z.object({ number: num, hash: z.string() }), config: ParsedConfigSchema });

export const SweepProgressSchema = z.object({
  runId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'interrupted']),
  total: num,
  done: num,
  resumed: num,
  rate: nullableNum.describe('combinations per second'),
  etaSeconds: nullableNum,
  workers: z.record(z.string(), num).describe('stored results by worker id'),
  jobs: num,
  queue: z.object({ url: z.string(), name: z.string() }),
  startedAt: z.string(),
  updatedAt: z.string(),
  outDir: z.string(),
  error: z.string().optional(),
});

export const SeriesKeySchema = z.object({ symbol: z.string(), timeframe: z.string() });

export const LiveInfoSchema = z.looseObject({ series: z.array(SeriesKeySchema).describe('what the live feed delivers') }).describe('plus the feed or session state when there is one');

export const ExampleSchema = z.object({
  file: z.string().describe('file name under examples/'),
  title: z.string().describe('the strategy name without its market and timeframe'),
  config: z.record(z.string(), z.unknown()).describe('the config as written (input of StrategyConfig), without $schema'),
});
export type Example = z.infer<typeof ExampleSchema>;

/** Components of the document, by name. */
export const COMPONENTS: Record<string, z.ZodType> = {
  Error: ErrorSchema,
  StrategySummary: StrategySummarySchema,
  StrategyDetail: StrategyDetailSchema,
  StrategyMetrics: StrategyMetricsSchema,
  Signal: SignalSchema,
  Position: PositionSchema,
  RunListing: RunListingSchema,
  RunDetail: RunDetailSchema,
  TradesPage: TradesPageSchema,
  Equity: EquitySchema,
  Alert: AlertSchema,
  HealthReport: HealthReportSchema,
  StrategyVersion: StrategyVersionSchema,
  VersionedStrategy: VersionedStrategySchema,
  VersionHistory: VersionHistorySchema,
  VersionDiff: VersionDiffSchema,
  SweepProgress: SweepProgressSchema,
  LiveInfo: LiveInfoSchema,
};

/** Compiles only when every value of type T is accepted by the schema's input type (a drifted schema is a type error). */
export type Matches<T extends z.input<S>, S extends z.ZodType> = T;
export type VersionDiffSchemaChange = (typeof VersionDiffSchema)['shape']['changes']['element'];

/** A JSON answer of a route. */
export const answers = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });
/** An error answer of a route: the Error body. */
export const fails = (description: string): ResponseSpec => ({ description, schema: ErrorSchema });
