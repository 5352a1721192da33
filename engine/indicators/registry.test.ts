import { describe, expect, it } from 'vitest';
import { IndicatorConfigSchema } from './config.ts';
import { talibCandles } from '../../testkit/indicators/talib-reference.ts';
import { IndicatorManager } from './indicator-manager.ts';
import { descriptorOf, findDescriptor, INDICATORS, unknownTypeMessage } from './registry.ts';

const defaults = (type: string) => IndicatorConfigSchema.parse({ type, ...(type === 'sma' || type === 'ema' ? { period: 10 } : {}) });

describe('the indicator registry', () => {
  it('has one descriptor per type, TA-Lib style names, and finds aliases', () => {
    expect(INDICATORS.map((d) => d.type)).toEqual([...new Set(INDICATORS.map((d) => d.type))]);
    for (const d of INDICATORS) expect(d.type, 'lower-case TA-Lib style names').toMatch(/^[a-z][a-z0-9_]*$/);
    expect(findDescriptor('bb')?.type).toBe('bollinger');
    expect(descriptorOf('plus_di').title).toBe('Plus Directional Indicator');
    expect(() => descriptorOf('macdd')).toThrow('unknown indicator type "macdd"; did you mean "macd"?');
    expect(unknownTypeMessage('adxx')).toBe('unknown indicator type "adxx"; did you mean "adx"?');
  });

  it.each(INDICATORS.map((d) => d.type))('%s: defaults parse, lookback = warmup - 1, every field and event reads a number once warm', (type) => {
    const d = descriptorOf(type);
    const config = defaults(type);
    expect(d.create(config).warmup - 1).toBe(d.lookback(config));
    const manager = new IndicatorManager({ x: config });
    for (const c of talibCandles()) manager.update(c);
    const paths = d.fields.length > 0 ? ['x', ...d.fields.map((f) => `x.${f}`)] : ['x'];
    for (const p of [...paths, ...d.constants.map((c) => `x.${c}`)]) {
      const get = manager.getter(p);
      expect(get, `getter for ${p}`).not.toBeNull();
      expect(Number.isFinite(get!()), `${p} after 252 bars`).toBe(true);
    }
    expect(manager.getter('x.nosuchfield'), 'an unknown field has no getter').toBeNull();
    for (const e of manager.events('x')) {
      for (const side of [e.a, e.b]) if (side !== 'close') expect(manager.getter(side), `event ${e.name} reads ${side}`).not.toBeNull();
    }
  });

  it('names events after the indicator: stoch crosses slowk/slowd, supertrend is a close cross of its line', () => {
    const m = new IndicatorManager({ stoch: defaults('stoch'), st: defaults('supertrend'), k: defaults('kama') });
    expect(m.events('stoch').map((e) => [e.name, e.a, e.b, e.direction])).toEqual([
      ['stoch_crossover_bullish', 'stoch.slowk', 'stoch.slowd', 'above'],
      ['stoch_crossover_bearish', 'stoch.slowk', 'stoch.slowd', 'below'],
    ]);
    expect(m.events('st')[0]).toEqual({ name: 'st_crossover_bullish', a: 'close', b: 'st.supertrend', direction: 'above' });
    expect(m.events('k')[0], 'price-scale lines: close crosses the line').toEqual({ name: 'k_crossover_bullish', a: 'close', b: 'k', direction: 'above' });
  });

  it('beta and correl declare their second input as the one multi-series work may bind to another symbol', () => {
    for (const type of ['beta', 'correl']) {
      expect(descriptorOf(type).series.inputs).toEqual([
        { param: 'input0', default: 'high', bindable: false },
        { param: 'input1', default: 'low', bindable: true },
      ]);
    }
    expect(descriptorOf('rsi').series.inputs, 'single-input indicators read their source').toEqual([{ param: 'source', default: 'close', bindable: false }]);
  });
});
