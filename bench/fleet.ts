import { BacktestClock } from '../engine/clock.ts';
import { StrategyManager } from '../engine/manager.ts';
import type { Candle } from '../engine/types.ts';
import { startTimer, type SuiteContext } from './harness.ts';
import type { StrategyConfigInput } from '../engine/config/schema.ts';
import { emaRsiMacdConfig } from './strategies.ts';

/** A manager running `n` EMA+RSI+MACD rule strategies (or `config`'s) on the candles' own series (each candle updates all `n`). */
export function fleet(n: number, symbol = 'BTC/USDT', timeframe = '1m', config: (i: number, symbol: string, timeframe: string) => StrategyConfigInput = emaRsiMacdConfig): StrategyManager {
  const m = new StrategyManager();
  for (let i = 0; i < n; i++) m.startStrategy(config(i, symbol, timeframe));
  return m;
}

/** Sum of trades over the fleet: proof the run did real work (and a value the optimiser cannot drop). */
export function fleetTrades(m: StrategyManager): number {
  let trades = 0;
  for (const s of m.instances()) trades += s.metrics.trades;
  return trades;
}

/** Times `candles` through `m` the way Engine.run does for closed candles (clock, then manager), after a GC. */
export function timeReplay(m: StrategyManager, candles: readonly Candle[], ctx: SuiteContext): { wallNs: number; cpuNs: number } {
  const clock = new BacktestClock();
  ctx.gc();
  const stop = startTimer();
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    clock.advanceTo(c.closeTime);
    m.onNewCandle(c);
  }
  return stop();
}
