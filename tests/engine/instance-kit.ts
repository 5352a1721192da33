/** Builds a StrategyInstance around a scripted code strategy, with every event it emits recorded. */
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { EngineEvents, type EngineEventMap } from '../../engine/events.ts';
import { StrategyInstance } from '../../engine/instance.ts';
import type { Candle, Fill, Order, Signal, Trade } from '../../engine/types.ts';
import { bars, HOUR, T0 } from './helpers.ts';
import { scripted, type Plan } from './scripted.ts';

/** Open time of hourly bar i. */
export const at = (i: number) => T0 + i * HOUR;

/** Hourly BTC/USDT bars from [o, h, l, c] rows starting at T0. */
export const hourly = (rows: readonly (readonly [number, number, number, number])[]) => bars('BTC/USDT', '1h', HOUR, T0, rows);

export interface Kit {
  inst: StrategyInstance;
  events: EngineEvents;
  signals: Signal[];
  orders: Order[];
  fills: Fill[];
  trades: Trade[];
  blocked: EngineEventMap['orderBlocked'][];
  rejected: EngineEventMap['rejected'][];
  cancelled: EngineEventMap['orderCancelled'][];
  statuses: EngineEventMap['status'][];
  equity: EngineEventMap['equity'][];
  feed(candles: readonly Candle[]): Kit;
}

/** `config` is merged over a BTC/USDT 1h code-strategy config with fee 10 bps, no slippage, 10,000 capital. */
export function kit(config: Record<string, unknown>, plan: Plan): Kit {
  const events = new EngineEvents();
  const parsed = parseStrategyConfig({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', ...config });
  const k: Kit = {
    inst: new StrategyInstance({ id: 's', config: parsed, events, factory: scripted(plan) }),
    events,
    signals: [],
    orders: [],
    fills: [],
    trades: [],
    blocked: [],
    rejected: [],
    cancelled: [],
    statuses: [],
    equity: [],
    feed(candles) {
      for (const c of candles) k.inst.processCandle(c);
      return k;
    },
  };
  events.on('signal', (x) => k.signals.push(x));
  events.on('order', (x) => k.orders.push(x));
  events.on('fill', (x) => k.fills.push(x));
  events.on('trade', (x) => k.trades.push(x));
  events.on('orderBlocked', (x) => k.blocked.push(x));
  events.on('rejected', (x) => k.rejected.push(x));
  events.on('orderCancelled', (x) => k.cancelled.push(x));
  events.on('status', (x) => k.statuses.push(x));
  events.on('equity', (x) => k.equity.push(x));
  return k;
}
