/**
 * The WebSocket protocol between the live hub (web/live/hub.ts) and the dashboard (web/dashboard/): every
 * message the server sends and every message a client may send. Both sides import these types, so a field
 * renamed on one side is a type error on the other. A frame is one message or a JSON array of them (the
 * messages of one engine step).
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { EngineEventMap } from '../../engine/events.ts';
import type { Alert } from '../../engine/health/types.ts';
import type { StrategySummary } from '../../engine/manager.ts';
import type { Candle, Fill, Order, SeriesKey, Signal, StrategyMetrics, Trade } from '../../engine/types.ts';

/** A strategy as the hello message lists it: summary, parsed config and metrics. */
export interface HelloStrategy extends StrategySummary {
  config: StrategyConfig;
  metrics: StrategyMetrics;
}

export interface HelloMessage {
  type: 'hello';
  strategies: HelloStrategy[];
  /** Series the feed delivers. */
  series: readonly SeriesKey[];
  /** Recent closed candles per series id (`symbol|timeframe`), the in-progress one last. */
  candles: Record<string, Candle[]>;
  signals: Signal[];
  /** Every strategy's open orders (the market order pending for the next open, then every working order), by strategy id. */
  openOrders: Record<string, Order[]>;
  /** Recent rejections, oldest first. */
  rejections: RejectionMessage[];
}

/** An order the engine could not do as asked, with the reason (never silently changed). */
export type RejectionMessage = { type: 'rejected' } & EngineEventMap['rejected'];

export type ServerMessage =
  | HelloMessage
  | { type: 'candle'; closed: boolean; candle: Candle }
  | { type: 'signal'; signal: Signal }
  | { type: 'fill'; fill: Fill }
  | { type: 'trade'; trade: Trade }
  | { type: 'metrics'; metrics: StrategyMetrics }
  | ({ type: 'status' } & EngineEventMap['status'])
  /** A strategy's error, or (without strategyId) a protocol error about the client's last message. */
  | ({ type: 'error' } & (EngineEventMap['error'] | { strategyId?: undefined; message: string; time?: undefined }))
  | ({ type: 'feed' } & EngineEventMap['feed'])
  | { type: 'orderBlocked'; strategyId: string; limit: string; detail: string; time: number }
  /** A strategy's open orders changed (placed, filled, cancelled, expired): the whole list as it stands after the step. */
  | { type: 'orders'; strategyId: string; open: Order[] }
  | RejectionMessage
  | { type: 'alert'; alert: Alert }
  | { type: 'subscribed'; strategies: string[] | '*' };

export type ServerMessageType = ServerMessage['type'];

/** Only these strategies (and their symbols' candles), or everything. */
export interface ClientMessage {
  subscribe: string[] | '*' | null;
}
