import type { StrategyConfigInput } from '../engine/config/schema.ts';
import type { Candle } from '../engine/types.ts';
import { fleet } from './fleet.ts';
import type { Figure, SuiteContext } from './harness.ts';
import { median } from './harness.ts';
import { once } from './series-fleet.ts';
import { emaRsiMacdConfig } from './strategies.ts';

/**
 * The order-model fleet: the replay benchmark's EMA+RSI+MACD strategy whose entries are limit orders 0.2% below
 * the signal close (good till cancelled, so one waits until the market reaches it) and whose stop is a 2%
 * trailing stop ratcheted on every close, with the same take-profit. Every strategy-candle then either matches a
 * working limit order or ratchets and checks a trailing stop.
 */
export function orderFleetConfig(i: number, symbol = 'BTC/USDT', timeframe = '1m'): StrategyConfigInput {
  const base = emaRsiMacdConfig(i, symbol, timeframe);
  return { ...base, orders: { entry: { type: 'limit', offset: -0.002 } }, risk: { maxPositionSize: 0.1, takeProfit: 0.04, trailingStop: { percent: 0.02 } } };
}

/**
 * 100 order-model strategies against the market-order fleet over the same candles, interleaved runs; medians of
 * CPU ns per strategy-candle and their ratio (the target is at most 1.25).
 */
export function orderFleetFigures(candles: readonly Candle[], runs: number, ctx: SuiteContext): Figure[] {
  const n = 100;
  const warm = candles.slice(0, Math.min(candles.length, 20_000));
  once(() => fleet(n), n, warm, ctx);
  once(() => fleet(n, 'BTC/USDT', '1m', orderFleetConfig), n, warm, ctx);
  const market: number[] = [];
  const orders: number[] = [];
  let trades = 0;
  for (let r = 0; r < runs; r++) {
    market.push(once(() => fleet(n), n, candles, ctx).cpu);
    const out = once(() => fleet(n, 'BTC/USDT', '1m', orderFleetConfig), n, candles, ctx);
    orders.push(out.cpu);
    trades = out.trades;
  }
  const m = median(market);
  const o = median(orders);
  ctx.log(`replay: order-model fleet (limit entries, trailing stops) ${o.toFixed(1)} ns/strategy-candle CPU vs market-order fleet ${m.toFixed(1)} (ratio ${(o / m).toFixed(3)}), ${trades} trades`);
  const stat = `median of ${runs} interleaved runs of ${candles.length.toLocaleString('en-US')} candles, process CPU time`;
  return [
    { name: '100 order-model strategies ns/update (CPU)', value: o, unit: 'ns/update', samples: runs, better: 'lower', clock: 'cpu', stat },
    { name: 'order-model / market-order cost per strategy-candle', value: o / m, unit: 'ratio', samples: runs, better: 'lower', normalize: false, stat: `${stat}; target <= 1.25` },
  ];
}
