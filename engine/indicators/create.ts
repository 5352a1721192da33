import { ATRIndicator } from './atr.ts';
import { BollingerIndicator } from './bollinger.ts';
import type { IndicatorConfig } from './config.ts';
import { EMAIndicator } from './ema.ts';
import { MACDIndicator } from './macd.ts';
import { RSIIndicator } from './rsi.ts';
import { SMAIndicator } from './sma.ts';

/** Every concrete indicator `createIndicator` can return. */
export type AnyIndicator = SMAIndicator | EMAIndicator | RSIIndicator | MACDIndicator | BollingerIndicator | ATRIndicator;

/** Builds the indicator a parsed config describes (constructors re-validate, so hand-built configs are safe too). */
export function createIndicator(config: IndicatorConfig): AnyIndicator {
  switch (config.type) {
    case 'sma':
      return new SMAIndicator(config);
    case 'ema':
      return new EMAIndicator(config);
    case 'rsi':
      return new RSIIndicator(config);
    case 'macd':
      return new MACDIndicator(config);
    case 'bollinger':
      return new BollingerIndicator(config);
    case 'atr':
      return new ATRIndicator(config);
    default: {
      const never: never = config;
      throw new Error(`unknown indicator type ${String((never as { type?: unknown }).type)}`);
    }
  }
}
