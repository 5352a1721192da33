/**
 * Domain types of the engine. Times are UTC epoch milliseconds (numbers) everywhere in the core:
 * they sort, hash and serialise deterministically, and never depend on a time zone.
 */

/** A timeframe label such as `1m`, `15m`, `1h`, `4h`, `1d`, `1w`. */
export type Timeframe = string;

/** One OHLCV bar. `openTime` is inclusive, `closeTime` = openTime + timeframe length (exclusive end). */
export interface Candle {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** An OHLCV candle (the design document's OHLCVCandle). */
export type OHLCVCandle = Candle;

/** What a feed delivers. `closed: false` is an in-progress candle (live dashboards only; strategies never see it). */
export type MarketEvent =
  | { readonly kind: 'candle'; readonly candle: Candle; readonly closed: true }
  | { readonly kind: 'candle'; readonly candle: Candle; readonly closed: false }
  | { readonly kind: 'status'; readonly time: number; readonly status: FeedStatus; readonly detail: string }
  /** A perpetual's funding rate at `time`, applied to open perpetual positions in `symbol` after the bars closing at or before it. */
  | { readonly kind: 'funding'; readonly symbol: string; readonly time: number; readonly rate: number };

/**
 * Feed health, as the feed reports it. 'warmup', 'stale' and 'reconnecting' block new entries (exits and stops
 * still run) until 'connected' or 'recovered'; 'gap' (candles the exchange never had), 'invalid' (a candle
 * rejected by validation, never traded) and 'ended' are reports only. See StrategyManager.onFeedStatus.
 */
export type FeedStatus = 'warmup' | 'connected' | 'stale' | 'reconnecting' | 'gap' | 'invalid' | 'recovered' | 'ended';

export type SignalAction = 'BUY' | 'SELL' | 'HOLD' | 'EXIT';

export interface Signal {
  readonly strategyId: string;
  readonly action: SignalAction;
  readonly symbol: string;
  readonly price: number;
  /** 0..1; see engine/strategy/confidence.ts for how it is derived. */
  readonly confidence: number;
  readonly reason: string;
  readonly time: number;
}

export type OrderSide = 'buy' | 'sell';

/** Why an order exists; `exit_reason` in trades.csv uses the same words. */
export type OrderReason = 'entry' | 'add' | 'exit' | 'scale_out' | 'stop_loss' | 'trailing_stop' | 'take_profit' | 'max_drawdown' | 'end_of_data' | 'stopped' | 'liquidation';

export interface Order {
  readonly id: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Base-asset quantity; 0 means "size at fill time" from the strategy's sizing rule (entries only). */
  readonly quantity: number;
  /** `market` fills at the next open (or the close); the others work on later bars (engine/orders/). */
  readonly type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
  readonly reason: OrderReason;
  readonly createdAt: number;
  /** A limit or stop-limit order's limit price. */
  readonly limitPrice?: number;
  /** A stop or stop-limit order's trigger price. */
  readonly stopPrice?: number;
  /** Time in force of a working order, in words (engine/orders/order.ts tifText). */
  readonly tif?: string;
  /** A one-order flip: closes the position and opens the opposite one at the same fill. */
  readonly reverse?: true;
  /** The code strategy's own id for the order, for cancel and replace. */
  readonly clientId?: string;
}

export interface Fill {
  readonly id: string;
  readonly orderId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly time: number;
  readonly reason: OrderReason;
}

export type PositionSide = 'long' | 'short';

export interface Position {
  readonly symbol: string;
  readonly side: PositionSide;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  /** Fee paid on entry, carried into the closed trade's fees. */
  readonly entryFee: number;
  readonly stopPrice: number | null;
  readonly takeProfitPrice: number | null;
  /** True when `stopPrice` is the trailing stop's level (it is tighter than the fixed stop loss). */
  readonly stopIsTrailing?: boolean;
  /** Entries that built the position (1 + the add-ons). */
  readonly entries?: number;
}

/** A round trip: one row of trades.csv. */
export interface Trade {
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: PositionSide;
  readonly quantity: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  /** Net of both legs' fees. */
  readonly pnl: number;
  /** pnl / entry notional. */
  readonly return: number;
  readonly fees: number;
  readonly exitReason: OrderReason;
  /** A perpetual's net funding while it was open (received − paid; in pnl). */
  readonly funding?: number;
  /** A spot or margin short's borrow cost (in pnl). */
  readonly borrowCost?: number;
}

/**
 * A strategy's state: `running`, `paused`, `stopped` (by the user), `errored` (it threw or produced NaN), or
 * `finished` (a backtest that ran to the end of its data; a live strategy never finishes by itself).
 */
export type StrategyStatus = 'running' | 'paused' | 'stopped' | 'errored' | 'finished';

/** Metrics at the end of a backtest's data: a strategy still running there has finished. */
export function atEndOfData(m: StrategyMetrics): StrategyMetrics {
  return m.status === 'running' ? { ...m, status: 'finished' } : m;
}

/** The design document's StrategyMetrics, with further performance fields (all documented in engine/metrics/formulas.ts). */
export interface StrategyMetrics {
  id: string;
  name: string;
  status: StrategyStatus;
  performance: {
    totalReturn: number;
    winRate: number | null;
    /** Annualised; null under the minimum span (engine/metrics/formulas.ts). */
    sharpeRatio: number | null;
    /** Not annualised, present for any span: what sweeps, the optimiser, walk-forward and A/B rank by. */
    sharpePerBar: number | null;
    maxDrawdown: number;
    totalTrades: number;
    cagr: number | null;
    averageTrade: number | null;
    profitFactor: number | null;
    expectancy: number | null;
    sortinoRatio: number | null;
    calmarRatio: number | null;
    maxDrawdownDuration: number;
    exposure: number | null;
    realizedPnL: number;
    fees: number;
    equity: number;
    bars: number;
  };
  /** How the annualised figures were computed (engine/markets/annualisation.ts, engine/metrics/formulas.ts). */
  annualisation?: AnnualisationInfo;
  current: {
    /** The position in the strategy's own symbol. */
    position: Position | null;
    /** Every open position, own symbol first; present only for a strategy that trades other symbols too. */
    positions?: Position[];
    unrealizedPnL: number;
    lastSignal: Signal | null;
    /** ISO 8601 UTC of the last processed candle's close (a `Date` in the design document, serialised). */
    lastUpdate: string | null;
  };
  /** Instrument, leverage, funding and borrow totals, liquidations: only for strategies on margin or perpetuals (engine/execution/margin.ts). */
  margin?: MarginMetrics;
  risk: {
    currentExposure: number;
    riskScore: number;
    violatedLimits: string[];
  };
}

/** Bars per year used, why, the span measured, whether figures were annualised and, when not, why. */
export interface AnnualisationInfo {
  periodsPerYear: number;
  basis: string;
  spanDays: number | null;
  minimumSpanDays: number;
  /** False when the span is under the minimum: every annualised figure is then null. */
  applied: boolean;
  /** Why annualised figures are null; null when they were annualised. */
  reason: string | null;
}

/** Identifies one candle series. */
export interface SeriesKey {
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

export function seriesId(symbol: string, timeframe: Timeframe): string {
  return `${symbol}|${timeframe}`;
}

/** Margin figures of a strategy's metrics (present only for strategies with margin state). */
export interface MarginMetrics {
  instrument: string;
  leverage: number;
  marginMode: string;
  maintenanceMargin: number;
  borrowRatePerDay: number;
  fundingPaid: number;
  fundingReceived: number;
  /** Received − paid. */
  fundingNet: number;
  borrowCost: number;
  liquidations: number;
  /** The open position's liquidation level, null when flat or spot. */
  liquidationPrice: number | null;
  /** The open position's isolated margin (entry notional / leverage). */
  marginUsed: number;
  /** Maintenance margin of the open position on its entry notional. */
  maintenanceRequired: number;
}
