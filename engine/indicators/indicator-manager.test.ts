import { describe, expect, it } from 'vitest';
import { IndicatorsConfigSchema } from './config.ts';
import { EMAIndicator } from './ema.ts';
import { talibCandles } from '../../testkit/indicators/talib-reference.ts';
import { IndicatorManager } from './indicator-manager.ts';
import { MACDIndicator } from './macd.ts';

const RAW = {
  fast: { type: 'ema', period: 9 },
  slow: { type: 'ema', period: 21, source: 'hl2' },
  trend: { type: 'sma', period: 50 },
  rsi: { type: 'rsi', oversold: 25 },
  macd: { type: 'macd' },
  bb: { type: 'bb' },
  atr: { type: 'atr' },
};

const manager = () => IndicatorManager.parse(RAW);
const CANDLES = talibCandles();

describe('IndicatorManager', () => {
  it('lists names in insertion order, with warmup = the largest warmup', () => {
    const m = manager();
    expect(m.names()).toEqual(['fast', 'slow', 'trend', 'rsi', 'macd', 'bb', 'atr']);
    expect(m.warmup, 'SMA(50) needs the most inputs').toBe(50);
    expect(new IndicatorManager({}).warmup).toBe(0);
  });

  it('feeds every indicator its source, equal to standalone indicators', () => {
    const m = manager();
    const slow = new EMAIndicator({ period: 21 });
    const macd = new MACDIndicator({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 });
    for (const c of CANDLES) {
      m.update(c);
      slow.update((c.high + c.low) / 2);
      macd.update(c.close);
    }
    expect(m.getter('slow')?.(), 'slow reads hl2').toBe(slow.value);
    expect(m.getter('macd.histogram')?.()).toBe(macd.value?.histogram);
    expect(m.get('macd')?.value).toEqual(macd.value);
  });

  it('getters read NaN while warming up, then live values; the same closure per path', () => {
    const m = manager();
    const fast = m.getter('fast') as () => number;
    const upper = m.getter('bb.upper') as () => number;
    const hist = m.getter('macd.histogram') as () => number;
    expect(m.getter('fast'), 'built once').toBe(fast);
    expect(Number.isNaN(fast())).toBe(true);
    expect(Number.isNaN(upper())).toBe(true);
    CANDLES.slice(0, 40).forEach((c, i) => {
      m.update(c);
      expect(Number.isNaN(fast()), `fast after ${i + 1} candles`).toBe(i + 1 < 9);
      expect(Number.isNaN(upper()), `bb after ${i + 1} candles`).toBe(i + 1 < 20);
      expect(Number.isNaN(hist()), `macd after ${i + 1} candles`).toBe(i + 1 < 34);
    });
    const bb = m.get('bb')?.value as { upper: number; middle: number; lower: number };
    expect(upper()).toBe(bb.upper);
    expect(m.getter('bb.lower')?.()).toBe(bb.lower);
    expect(m.getter('bb')?.(), "a bare multi-output name reads its primary field").toBe(bb.middle);
    expect(m.getter('macd')?.()).toBe(m.getter('macd.macd')?.());
  });

  it('resolves config levels as constants and unknown paths to null', () => {
    const m = manager();
    expect(m.getter('rsi.oversold')?.()).toBe(25);
    expect(m.getter('rsi.overbought')?.()).toBe(70);
    for (const path of ['nope', 'fast.value', 'macd.upper', 'bb.signal', 'rsi.level', 'atr.overbought', '', '.fast']) {
      expect(m.getter(path), path).toBeNull();
    }
  });

  it('describes outputs and price scale for the rule language', () => {
    const m = manager();
    expect(m.describe('fast')).toEqual({ type: 'ema', output: 'single', priceScale: true });
    expect(m.describe('trend')).toEqual({ type: 'sma', output: 'single', priceScale: true });
    expect(m.describe('bb')).toEqual({ type: 'bollinger', output: 'multi', priceScale: true });
    expect(m.describe('rsi')).toEqual({ type: 'rsi', output: 'single', priceScale: false });
    expect(m.describe('macd')).toEqual({ type: 'macd', output: 'multi', priceScale: false });
    expect(m.describe('atr')).toEqual({ type: 'atr', output: 'single', priceScale: false });
    expect(m.fields('macd')).toEqual(['macd', 'signal', 'histogram']);
    expect(m.fields('bb')).toEqual(['middle', 'upper', 'lower']);
    expect(m.fields('rsi')).toEqual([]);
    expect(m.config('slow')).toEqual({ type: 'ema', period: 21, source: 'hl2', seeding: 'talib' });
    expect(() => m.describe('nope')).toThrow(/unknown indicator "nope"/);
  });

  it('replace equals a run whose last candle is the replacement', () => {
    const live = manager();
    const truth = manager();
    const getters = ['fast', 'slow', 'trend', 'rsi', 'macd.signal', 'bb.lower', 'atr'].map((p) => [live.getter(p), truth.getter(p)]);
    CANDLES.forEach((c, i) => {
      const partial = { ...c, close: c.open, high: Math.max(c.open, c.low), volume: c.volume / 2 };
      live.update(partial);
      live.replace({ ...c, close: (c.close + c.open) / 2 });
      live.replace(c);
      truth.update(c);
      for (const [a, b] of getters) expect(Object.is(a?.(), b?.()), `candle ${i}`).toBe(true);
    });
  });

  it('isReady once all are ready; reset returns to the constructed state with getters still live', () => {
    const m = manager();
    const atr = m.getter('atr') as () => number;
    CANDLES.slice(0, 49).forEach((c) => m.update(c));
    expect(m.isReady).toBe(false);
    m.update(CANDLES[49]);
    expect(m.isReady).toBe(true);
    const before = atr();
    m.reset();
    expect(m.isReady).toBe(false);
    expect(Number.isNaN(atr())).toBe(true);
    CANDLES.slice(0, 50).forEach((c) => m.update(c));
    expect(atr()).toBe(before);
  });

  it('rejects names that are not identifiers and bad configs, naming the indicator', () => {
    const cfg = IndicatorsConfigSchema.parse({ a: { type: 'atr' } });
    expect(() => new IndicatorManager({ 'x.y': cfg.a })).toThrow(/identifier/);
    expect(() => new IndicatorManager({ m: { type: 'macd', fastPeriod: 5, slowPeriod: 3, signalPeriod: 2, source: 'close', seeding: 'talib' } })).toThrow(
      /indicators\.m: fastPeriod/,
    );
    expect(() => IndicatorManager.parse({ m: { type: 'ema' } })).toThrow();
  });
});
