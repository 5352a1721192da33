/**
 * Donchian channel breakout, as a code strategy (see engine/strategy/strategy.ts).
 *
 * Enter long when the close breaks above the highest high of the previous `entryPeriod` bars; exit when it
 * falls below the lowest low of the previous `exitPeriod` bars. Both periods come from the config's `params`.
 * The channel is read from the strategy's own history buffer, so the config's bufferSize must exceed both.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { Intent, Strategy, StrategyContext, StrategyFactory } from '../../engine/strategy/strategy.ts';

function period(config: StrategyConfig, name: string, fallback: number): number {
  const v = config.params[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v >= config.bufferSize) {
    throw new Error(`params.${name} must be an integer from 1 to bufferSize − 1 (${config.bufferSize - 1}), got ${JSON.stringify(v)}`);
  }
  return v;
}

const donchianBreakout: StrategyFactory = (config): Strategy => {
  const entryPeriod = period(config, 'entryPeriod', 20);
  const exitPeriod = period(config, 'exitPeriod', 10);

  return {
    // Bars before this one the channel reads: the instance keeps them, and a paper session warms up on them.
    lookback: Math.max(entryPeriod, exitPeriod),
    onCandle(ctx: StrategyContext): Intent | null {
      const { history, candle, position } = ctx;
      const lookback = position === null ? entryPeriod : exitPeriod;
      if (history.length <= lookback) return null; // get(0) is this bar; the channel needs `lookback` bars before it
      let highest = Number.NEGATIVE_INFINITY;
      let lowest = Number.POSITIVE_INFINITY;
      for (let ago = 1; ago <= lookback; ago++) {
        const bar = history.get(ago)!;
        if (bar.high > highest) highest = bar.high;
        if (bar.low < lowest) lowest = bar.low;
      }
      if (position === null && candle.close > highest) return { action: 'BUY', reason: `close ${candle.close} above the ${entryPeriod}-bar high ${highest}` };
      if (position !== null && candle.close < lowest) return { action: 'SELL', reason: `close ${candle.close} below the ${exitPeriod}-bar low ${lowest}` };
      return null;
    },
  };
};

export default donchianBreakout;
