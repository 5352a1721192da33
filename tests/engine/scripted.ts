/** Code strategies for tests: intents scripted by bar open time, and a probe that records what it saw. */
import type { Intent, StrategyContext, StrategyFactory } from '../../engine/strategy/strategy.ts';

export type Plan = Readonly<Record<number, Intent | Intent['action']>>;

/** A factory whose strategy returns `plan[candle.openTime]` (an intent or a bare action) and HOLD otherwise. */
export function scripted(plan: Plan): StrategyFactory {
  return () => ({
    onCandle(ctx: StrategyContext): Intent | null {
      const step = plan[ctx.candle.openTime];
      if (step === undefined) return null;
      return typeof step === 'string' ? { action: step } : step;
    },
  });
}

/** Wraps a factory so every onCandle call is recorded as `symbol timeframe openTime`. */
export function probed(inner: StrategyFactory, seen: string[]): StrategyFactory {
  return (config, indicators) => {
    const s = inner(config, indicators);
    return {
      onCandle(ctx) {
        seen.push(`${ctx.candle.symbol} ${ctx.candle.timeframe} ${ctx.candle.openTime}`);
        return s.onCandle(ctx);
      },
      reset: () => s.reset?.(),
    };
  };
}
