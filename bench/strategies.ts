import type { StrategyConfigInput } from '../engine/config/schema.ts';

/**
 * The benchmark strategy: EMA + RSI + MACD with rules, stops, sizing, fees and slippage, on the
 * feed's own timeframe so every candle updates every strategy. Periods vary with `i` so instances differ.
 */
export function emaRsiMacdConfig(i: number, symbol = 'BTC/USDT', timeframe = '1m'): StrategyConfigInput {
  return {
    id: `bench-${i}`,
    symbol,
    timeframe,
    indicators: {
      ema: { period: 20 + (i % 30) },
      rsi: { period: 10 + (i % 8), overbought: 70, oversold: 30 },
      macd: { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 },
    },
    rules: {
      entry: { condition: 'macd_crossover_bullish AND rsi < 70 AND close > ema', confidence: 0.75 },
      exit: { condition: 'macd_crossover_bearish OR rsi > 80', confidence: 0.8 },
    },
    risk: { maxPositionSize: 0.1, stopLoss: 0.02, takeProfit: 0.04 },
    execution: { fill: 'next_open', feeBps: 10, slippageBps: 2 },
  };
}

/**
 * The benchmark strategy with lookback and window rules instead of crossings (same indicators, risk and
 * execution): a 20-bar breakout confirmed by the previous bar's RSI, out below the 10-bar low or on RSI > 80.
 */
export function windowRulesConfig(i: number, symbol = 'BTC/USDT', timeframe = '1m'): StrategyConfigInput {
  return {
    ...emaRsiMacdConfig(i, symbol, timeframe),
    rules: {
      entry: { condition: 'close > highest(high, 20)[1] AND rsi[1] < 70', confidence: 0.75 },
      exit: { condition: 'close < lowest(low, 10)[1] OR rsi > 80', confidence: 0.8 },
    },
  };
}
