import * as z from 'zod';
import { formatPath, safeParseStrategyConfig, type ConfigProblem } from '../config/parse.ts';
import type { StrategyConfig } from '../config/schema.ts';
import { isTimeframe } from '../timeframe.ts';

/**
 * The portfolio config: several strategies sharing one capital, an allocation rule, portfolio-level risk
 * limits and optional netting. Parsed once at the boundary like a strategy config; every problem is reported
 * with its path (`strategies[1].config.rules.entry.condition`, `allocation.targetVolatility`).
 *
 * A strategy's `config` is either an inline strategy config or a reference (a file path) that the runner
 * resolves (the engine does no I/O; see backtest/load-portfolio.ts).
 */

const MAX_MONEY = 1e15;
const duration = z.string().refine(isTimeframe, 'a duration such as 1d, 1w, 4h');

const AllocationSchema = z.strictObject({
  /** fixed: the strategies' `weight`s; equal: 1/n each; volatility: inverse volatility of per-bar returns, normalised. */
  mode: z.enum(['fixed', 'equal', 'volatility']).default('equal'),
  /** How often volatility weights are recomputed (UTC-aligned buckets; weeks start on Monday). */
  rebalance: duration.default('1d'),
  /** Annualised volatility the weights are scaled down to (never levered up); volatility mode only. */
  targetVolatility: z.number().positive().max(100).optional(),
  /** Volatility window: a number of bars of each strategy's own timeframe, or a duration (`30d`); volatility mode only. */
  lookback: z.union([z.number().int().min(2).max(1_000_000), duration]).optional(),
});

const LimitsSchema = z.strictObject({
  /** Σ|position notional| over all strategies' positions / portfolio equity, e.g. 1.5 = 150%. */
  maxGrossExposure: z.number().positive().max(100).optional(),
  /** Σ|position notional| in one symbol / portfolio equity. */
  maxSymbolExposure: z.number().positive().max(100).optional(),
  /** Open positions (and approved entries waiting for their fill) across all strategies. */
  maxOpenPositions: z.number().int().min(1).max(1_000_000).optional(),
  /** Portfolio drawdown from its peak (a fraction) at which new entries halt for the rest of the run. */
  maxDrawdown: z.number().positive().max(1).optional(),
});

const StrategyEntrySchema = z.strictObject({
  /** A strategy config object, or a path to a strategy config file (relative to the portfolio file). */
  config: z.union([z.string().min(1).max(1000), z.record(z.string(), z.unknown())]),
  /** Fraction of portfolio equity this strategy sizes from (fixed mode only). */
  weight: z.number().positive().max(1).optional(),
});

export const PortfolioConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(200).optional(),
    capital: z.number().positive().max(MAX_MONEY).default(100_000),
    strategies: z.array(StrategyEntrySchema).min(1, 'a portfolio needs at least one strategy').max(10_000),
    allocation: AllocationSchema.default({ mode: 'equal', rebalance: '1d' }),
    limits: LimitsSchema.default({}),
    /** Net opposing orders of different strategies on one symbol at one time into one venue order. */
    netting: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    const a = c.allocation;
    if (a.mode === 'fixed') {
      let sum = 0;
      c.strategies.forEach((s, i) => {
        if (s.weight === undefined) ctx.addIssue({ code: 'custom', path: ['strategies', i, 'weight'], message: 'fixed allocation needs a weight for every strategy' });
        else sum += s.weight;
      });
      if (sum > 1 + 1e-9) ctx.addIssue({ code: 'custom', path: ['strategies'], message: `fixed weights sum to ${+sum.toFixed(12)}; at most 1 (the rest stays in cash)` });
    } else {
      c.strategies.forEach((s, i) => {
        if (s.weight !== undefined) ctx.addIssue({ code: 'custom', path: ['strategies', i, 'weight'], message: `weight is only used with allocation.mode "fixed" (mode is "${a.mode}")` });
      });
    }
    if (a.mode !== 'volatility') {
      for (const key of ['targetVolatility', 'lookback'] as const) {
        if (a[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['allocation', key], message: `${key} is only used with allocation.mode "volatility"` });
      }
    }
  });

type ParsedShape = z.infer<typeof PortfolioConfigSchema>;
export type PortfolioConfigInput = z.input<typeof PortfolioConfigSchema>;
export type AllocationSettings = ParsedShape['allocation'];
export type PortfolioLimits = ParsedShape['limits'];

/** A portfolio strategy entry after parsing: inline configs are parsed, references are kept for the runner. */
export interface PortfolioStrategyEntry {
  /** `strategies[i]`, for messages. */
  readonly path: string;
  readonly config: StrategyConfig | { readonly ref: string };
  readonly weight?: number;
}

export interface PortfolioConfig extends Omit<ParsedShape, 'strategies'> {
  strategies: PortfolioStrategyEntry[];
}

/** A portfolio whose every strategy config is parsed (references resolved). */
export interface ResolvedPortfolio extends Omit<PortfolioConfig, 'strategies'> {
  strategies: { readonly path: string; readonly source: string; readonly config: StrategyConfig; readonly weight?: number }[];
}

export class PortfolioConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${source}: invalid portfolio config\n${problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
    this.name = 'PortfolioConfigError';
  }
}

function issueProblems(i: z.core.$ZodIssue): ConfigProblem[] {
  if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown key "${k}"` }));
  return [{ path: formatPath(i.path), message: i.message }];
}

/** Parses a portfolio config; inline strategy configs are validated in place (their problems carry the full path). */
export function safeParsePortfolioConfig(
  raw: unknown,
): { ok: true; config: PortfolioConfig } | { ok: false; problems: ConfigProblem[]; /** Entries that parsed, so references can still be checked. */ strategies: PortfolioStrategyEntry[] } {
  const result = PortfolioConfigSchema.safeParse(raw);
  const problems: ConfigProblem[] = result.success ? [] : result.error.issues.flatMap(issueProblems);
  // Inline strategies are checked even when the outer shape has problems, so one round trip shows everything.
  const entries = Array.isArray((raw as { strategies?: unknown })?.strategies) ? ((raw as { strategies: unknown[] }).strategies as unknown[]) : [];
  const strategies: PortfolioStrategyEntry[] = [];
  entries.forEach((entry, i) => {
    const path = `strategies[${i}]`;
    const cfg = (entry as { config?: unknown } | null)?.config;
    const weight = (entry as { weight?: unknown } | null)?.weight;
    const w = typeof weight === 'number' ? weight : undefined;
    if (typeof cfg === 'string') {
      strategies.push({ path, config: { ref: cfg }, weight: w });
    } else if (cfg !== null && typeof cfg === 'object' && !Array.isArray(cfg)) {
      const r = safeParseStrategyConfig(cfg);
      if (r.ok) strategies.push({ path, config: r.config, weight: w });
      else problems.push(...r.problems.map((p) => ({ path: `${path}.config${p.path ? `.${p.path}` : ''}`, message: p.message })));
    }
  });
  if (!result.success || problems.length > 0) return { ok: false, problems, strategies };
  const { strategies: _s, ...rest } = result.data;
  return { ok: true, config: { ...rest, strategies } };
}

/** Parses a portfolio config or throws a PortfolioConfigError naming `source`. */
export function parsePortfolioConfig(raw: unknown, source = 'portfolio'): PortfolioConfig {
  const r = safeParsePortfolioConfig(raw);
  if (!r.ok) throw new PortfolioConfigError(source, r.problems);
  return r.config;
}

/**
 * The JSON Schema of portfolio configs (what editors autocomplete through `"$schema": "./portfolio.schema.json"`),
 * generated from the zod schema; an inline strategy config refers to the strategy schema next to it.
 */
export function portfolioJsonSchema(strategySchemaRef = './strategy.schema.json'): Record<string, unknown> {
  type Json = Record<string, unknown>;
  const root = z.toJSONSchema(PortfolioConfigSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const props = root.properties as Record<string, Json>;
  const items = (props.strategies as { items: { properties: Record<string, Json> } }).items;
  items.properties.config = {
    description: 'A strategy config (inline) or the path of a strategy config file, relative to this file.',
    anyOf: [{ type: 'string', minLength: 1 }, { $ref: strategySchemaRef }],
  };
  const pattern = '^[0-9]*[1-9][0-9]*[smhdw]$';
  const alloc = (props.allocation as { properties: Record<string, Json> }).properties;
  alloc.rebalance = { ...alloc.rebalance, description: 'How often volatility weights are recomputed (UTC-aligned; weeks start Monday), e.g. 1d, 1w.', pattern };
  alloc.lookback = { description: 'Volatility window: bars of each strategy\'s timeframe, or a duration such as 30d.', anyOf: [{ type: 'integer', minimum: 2 }, { type: 'string', pattern }] };
  return {
    $schema: root.$schema,
    title: 'Strata portfolio config',
    description: 'Strategies sharing one capital: allocation, portfolio risk limits and netting. See engine/portfolio/config.ts.',
    ...root,
  };
}

/**
 * Whether a file name is a portfolio config's by convention (`portfolio.json`, `*.portfolio.json`): directory scans
 * for strategy configs skip these (a portfolio runs with `--portfolio`).
 */
export function isPortfolioFileName(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base === 'portfolio.json' || base.endsWith('.portfolio.json');
}

/** Initial weights of the strategies: fixed as given, otherwise 1/n (volatility weights start equal until there is data). */
export function initialWeights(p: { allocation: AllocationSettings; strategies: readonly { weight?: number }[] }): number[] {
  const n = p.strategies.length;
  return p.strategies.map((s) => (p.allocation.mode === 'fixed' ? (s.weight ?? 0) : 1 / n));
}
