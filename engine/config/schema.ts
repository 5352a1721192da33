import * as z from 'zod';
import { INDICATOR_TYPES, parseIndicatorInto, type IndicatorConfig } from '../indicators/config.ts';
import { findDescriptor } from '../indicators/registry.ts';
import { checkSeries, SeriesBlockSchema, TimeframeSchema } from './series.ts';
import { MarketSchema } from '../markets/market.ts';
import { SymbolSchema } from '../markets/symbol.ts';
import { OrdersSchema, ScaleOutSchema, TrailingStopSchema } from './orders-schema.ts';
import { checkMargin, MarginFields } from './margin-schema.ts';
import { detailProblem } from './detail-timeframe.ts';

/**
 * The strategy config schema: the one gate raw JSON passes before reaching the engine (CLI, API and sweeps
 * all parse through it). Objects are strict: an unknown key is an error, not silently ignored.
 */

const MAX_MONEY = 1e15;
const fraction = (what: string) => z.number().positive(`${what} must be > 0`).max(1, `${what} must be at most 1 (a fraction, 0.02 = 2%)`);

const RuleSchema = z.strictObject({
  condition: z.string().min(1, 'condition must not be empty').max(2000),
  confidence: z.number().min(0).max(1).default(0.5),
});

const RulesSchema = z.strictObject({
  entry: RuleSchema,
  exit: RuleSchema.optional(),
  /** With allowShort: when to open a short, and when to cover it. */
  shortEntry: RuleSchema.optional(),
  shortExit: RuleSchema.optional(),
  /** With orders.maxEntries > 1: when to add to an open position (pyramiding / DCA), sized like an entry. */
  addOn: RuleSchema.optional(),
});

const RiskSchema = z.strictObject({
  /** Fraction of the strategy's equity per position (the design document's meaning); also the cap for other sizing modes. */
  maxPositionSize: fraction('maxPositionSize').optional(),
  /** Fractions from the entry price. */
  stopLoss: fraction('stopLoss').optional(),
  takeProfit: z.number().positive().max(100).optional(),
  /** Drawdown (fraction of peak equity) at which the strategy is paused and its position closed. */
  maxDrawdown: fraction('maxDrawdown').optional(),
  /** A stop that follows the closes (engine/orders/trailing.ts); works together with stopLoss (the tighter one holds). */
  trailingStop: TrailingStopSchema.optional(),
  /** Partial exits at gains from the average entry. */
  scaleOut: ScaleOutSchema.optional(),
});

const SizingSchema = z.strictObject({
  mode: z.enum(['fraction', 'quantity', 'notional']),
  value: z.number().positive().max(MAX_MONEY),
  /** An explicit stake the cash cannot pay is rejected; true cuts it to what the cash buys instead. */
  allowPartial: z.boolean().optional(),
});

const ExecutionSchema = z.strictObject({
  fill: z.enum(['next_open', 'close']).default('next_open'),
  feeBps: z.number().min(0).max(1000).default(10),
  slippageBps: z.number().min(0).max(1000).default(0),
  /** Quantities are whole multiples of this (1: whole units); a fraction-sized entry is rounded down to it, an explicit stake that is not a multiple is rejected. */
  lotSize: z.number().positive().max(1e9).optional(),
  /** The smallest quantity an order may have; a smaller one is rejected (belowMinimum). */
  minQuantity: z.number().positive().max(1e15).optional(),
  /** A finer timeframe whose bars resolve this strategy's fills in time order inside each of its bars (engine/detail-routes.ts); its rules still see only its own bars. */
  detail: TimeframeSchema.optional(),
});

const ParamValue = z.union([z.number(), z.string().max(1000), z.boolean()]);

/** A parsed indicator config, with the alias of the informative series it is computed on (absent: the primary). */
export type BoundIndicatorConfig = IndicatorConfig & { readonly series?: string };

/**
 * Indicator entries: `"macd": {...}` is shorthand for `{type: "macd", ...}`; other names need a type. `series`
 * binds an indicator to an informative series; it is taken off before the indicator's own schema sees the rest.
 */
const IndicatorsSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'indicator names are identifiers (letters, digits, _)'), z.unknown())
  .transform((raw, ctx) => {
    const out: Record<string, BoundIndicatorConfig> = {};
    for (const [name, given] of Object.entries(raw)) {
      let value = given;
      let obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
      let series: string | undefined;
      if (obj && 'series' in obj) {
        const { series: s, ...rest } = obj;
        if (typeof s !== 'string') {
          ctx.addIssue({ code: 'custom', path: [name, 'series'], message: 'series is the alias of a declared series, e.g. "h4"' });
          continue;
        }
        series = s;
        obj = rest;
        value = rest;
      }
      const isTypeName = findDescriptor(name) !== undefined;
      if (obj && !('type' in obj) && !isTypeName) {
        ctx.addIssue({ code: 'custom', path: [name, 'type'], message: `missing "type" (one of ${INDICATOR_TYPES.join(', ')}); only an indicator named after its type may omit it` });
        continue;
      }
      const typed = obj && !('type' in obj) ? { type: name, ...obj } : value;
      const config = parseIndicatorInto(typed, ctx, [name]);
      if (config !== undefined) out[name] = series === undefined ? config : ({ ...config, series } as BoundIndicatorConfig);
    }
    return out;
  });

const StrategyBase = z.strictObject({
  $schema: z.string().optional(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'id: letters, digits, _ . - (at most 100)')
    .optional(),
  name: z.string().min(1).max(200).optional(),
  symbol: SymbolSchema,
  timeframe: TimeframeSchema,
  /** Informative series by alias (engine/config/series.ts); the primary series is `symbol`/`timeframe`. */
  series: SeriesBlockSchema.optional(),
  /** Where and when the symbol trades: `crypto` (24/7, UTC; the default), `us_equity` (NYSE hours and holidays) or a custom calendar. */
  market: MarketSchema.optional(),
  /** Bars per year for annualised figures, instead of the market's (252 sessions a year for US equities, 365 days for crypto). */
  periodsPerYear: z.number().positive().max(1e8).optional(),
  indicators: IndicatorsSchema.default({}),
  rules: RulesSchema.optional(),
  /** A TypeScript/JavaScript module exporting a Strategy (see engine/strategy/strategy.ts), relative to the config file. */
  module: z.string().min(1).max(500).optional(),
  params: z.record(z.string(), ParamValue).default({}),
  risk: RiskSchema.default({}),
  sizing: SizingSchema.optional(),
  execution: ExecutionSchema.default({ fill: 'next_open', feeBps: 10, slippageBps: 0 }),
  capital: z.number().positive().max(MAX_MONEY).default(10_000),
  allowShort: z.boolean().default(false),
  /** Entry order type and offset, reversal, bracket timing, pyramiding (engine/config/orders-schema.ts). */
  orders: OrdersSchema.optional(),
  /** Instrument, leverage, maintenance margin, borrow rate and funding options (engine/config/margin-schema.ts). */
  ...MarginFields,
  /** Candles kept in the strategy's history buffer. */
  bufferSize: z.number().int().min(2).max(1_000_000).default(500),
});

export const StrategyConfigSchema = StrategyBase.superRefine((c, ctx) => {
  if (!c.rules && !c.module) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'a strategy needs "rules" or a "module"' });
  if (c.rules && c.module) ctx.addIssue({ code: 'custom', path: ['module'], message: 'give either "rules" or a "module", not both' });
  if (c.rules?.shortEntry && !c.allowShort) {
    ctx.addIssue({ code: 'custom', path: ['rules', 'shortEntry'], message: 'shortEntry needs "allowShort": true' });
  }
  checkSeries(c, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  checkOrders(c, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  checkMargin(c, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  const detail = detailProblem(c.timeframe, c.execution.detail);
  if (detail !== null) ctx.addIssue({ code: 'custom', path: ['execution', 'detail'], message: detail });
});

/** Cross-field checks of the order fields: pyramiding needs its rule, an ATR trail a declared ATR indicator. */
function checkOrders(c: z.infer<typeof StrategyBase>, issue: (path: (string | number)[], message: string) => void): void {
  const max = c.orders?.maxEntries ?? 1;
  if (c.rules?.addOn && max < 2) issue(['rules', 'addOn'], 'addOn needs "orders": {"maxEntries": 2 or more}');
  if (c.rules && max > 1 && !c.rules.addOn) issue(['orders', 'maxEntries'], 'maxEntries above 1 needs a rules.addOn condition (when to add)');
  const trail = c.risk.trailingStop;
  if (trail && 'atr' in trail && c.indicators[trail.atr]?.type !== 'atr') {
    issue(['risk', 'trailingStop', 'atr'], `"${trail.atr}" is not a declared indicator of type "atr" (declare e.g. "${trail.atr}": {"type": "atr", "period": 14})`);
  }
  if (c.orders?.reverse && !c.allowShort) issue(['orders', 'reverse'], 'reverse flips between long and short: it needs "allowShort": true');
}

/** A parsed, defaulted, validated strategy config. */
export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;
/** What a user writes (before defaults). */
export type StrategyConfigInput = z.input<typeof StrategyConfigSchema>;
