import * as z from 'zod';
import { PositionSchema } from './schemas.ts';

/** Bodies of the live chart and activity routes (web/api/live-chart.ts). Times are epoch ms. */

const num = z.number();

export const CandleSchema = z.object({ symbol: z.string(), timeframe: z.string(), openTime: num, closeTime: num, open: num, high: num, low: num, close: num, volume: num });

export const OrderSchema = z.object({
  id: z.string(),
  strategyId: z.string(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  quantity: num.describe('0: sized at fill time'),
  type: z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']).describe('market: fills at the next open; the others work on later bars'),
  reason: z.string(),
  createdAt: num,
  limitPrice: num.optional(),
  stopPrice: num.optional(),
  tif: z.string().optional().describe('time in force, in words'),
  reverse: z.literal(true).optional(),
  clientId: z.string().optional(),
});

export const RejectionSchema = z.object({ order: OrderSchema, reason: z.string().describe('insufficientCash, belowMinimum, lotSize, reverseNotEnabled, maxEntries, ...'), detail: z.string(), time: num });

export const FillSchema = z.object({ id: z.string(), orderId: z.string(), strategyId: z.string(), symbol: z.string(), side: z.enum(['buy', 'sell']), quantity: num, price: num, fee: num, time: num, reason: z.string() });

export const LiveTradeSchema = z.object({
  strategyId: z.string(),
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  quantity: num,
  entryTime: num,
  entryPrice: num,
  exitTime: num,
  exitPrice: num,
  pnl: num.describe('net of both legs’ fees'),
  return: num,
  fees: num,
  exitReason: z.string(),
});

export const IndicatorLineSchema = z.object({
  name: z.string().describe('config name, with the field of a multi-output indicator (bb.upper)'),
  indicator: z.string(),
  type: z.string(),
  scale: z.enum(['price', 'oscillator', 'volume']).describe('from the indicator registry: overlay on price, oscillator pane, or volume pane'),
  series: z.string().nullable().describe('the informative series alias it is computed on (null: the strategy’s primary series)'),
  points: z.array(z.tuple([num, num])).describe('[candle close time, value], warm-up left out'),
});

export const LiveChartSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  candles: z.array(CandleSchema).describe('closed candles, oldest first'),
  inProgress: CandleSchema.nullable().describe('the candle under way, when the feed sends one'),
  strategy: z.string().nullable(),
  indicators: z.array(IndicatorLineSchema).describe('the strategy’s indicators computed on this series: its primary series, or an informative one it declares'),
  fills: z.array(FillSchema).describe('the strategy’s fills on this symbol'),
  trades: z.array(LiveTradeSchema),
  position: PositionSchema.nullable().describe('open position with its stop and target levels'),
});

export const EquityPointSchema = z.object({ time: num, equity: num, drawdown: num });

export const LiveActivitySchema = z.object({
  id: z.string(),
  position: PositionSchema.nullable(),
  lastPrice: num.nullable(),
  openOrders: z.array(OrderSchema).describe('the market order pending for the next open, then every working order in placement order'),
  rejections: z.array(RejectionSchema).describe('orders that could not be done as asked, newest last'),
  fills: z.array(FillSchema).describe('newest last'),
  trades: z.array(LiveTradeSchema).describe('closed trades, newest last'),
  equity: z.array(EquityPointSchema).describe('bar-by-bar marked-to-market equity'),
});

export const LiveEquitySchema = z.object({
  strategies: z.array(z.object({ id: z.string(), points: z.array(EquityPointSchema) })),
  portfolio: z.array(z.object({ time: num, equity: num })).describe('sum of the strategies’ equity, each carried forward to every time any of them marked'),
});
