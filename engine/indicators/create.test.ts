import { describe, expect, it } from 'vitest';
import { ATRIndicator } from './atr.ts';
import { BollingerIndicator } from './bollinger.ts';
import { IndicatorConfigSchema } from './config.ts';
import { createIndicator } from './create.ts';
import { EMAIndicator } from './ema.ts';
import { MACDIndicator } from './macd.ts';
import { RSIIndicator } from './rsi.ts';
import { SMAIndicator } from './sma.ts';

describe('createIndicator', () => {
  it('builds the class each parsed config names, with its params', () => {
    const make = (raw: unknown) => createIndicator(IndicatorConfigSchema.parse(raw));
    expect(make({ type: 'sma', period: 5 })).toBeInstanceOf(SMAIndicator);
    const ema = make({ type: 'ema', period: 9, seeding: 'first', source: 'hl2' }) as EMAIndicator;
    expect([ema.constructor, ema.period, ema.seeding, ema.source]).toEqual([EMAIndicator, 9, 'first', 'hl2']);
    const rsi = make({ type: 'rsi', overbought: 80, oversold: 20 }) as RSIIndicator;
    expect([rsi.constructor, rsi.period, rsi.overbought, rsi.oversold]).toEqual([RSIIndicator, 14, 80, 20]);
    const macd = make({ type: 'macd' }) as MACDIndicator;
    expect([macd.constructor, macd.fastPeriod, macd.slowPeriod, macd.signalPeriod, macd.warmup]).toEqual([MACDIndicator, 12, 26, 9, 34]);
    const bb = make({ type: 'bb' }) as BollingerIndicator;
    expect([bb.constructor, bb.period, bb.stdDev]).toEqual([BollingerIndicator, 20, 2]);
    expect(make({ type: 'atr' })).toBeInstanceOf(ATRIndicator);
  });

  it('still validates hand-built configs', () => {
    expect(() => createIndicator({ type: 'macd', fastPeriod: 9, slowPeriod: 5, signalPeriod: 3, source: 'close', seeding: 'talib' })).toThrow(
      /fastPeriod/,
    );
  });
});
