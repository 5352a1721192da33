import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../config/parse.ts';
import { orderRules } from './policy.ts';

const base = { id: 's', symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'close > 1' } } };

describe('orderRules (the manifest\'s named fill rules)', () => {
  it('names every fill rule with the defaults of a config that sets nothing', () => {
    const r = orderRules(parseStrategyConfig(base));
    expect(Object.keys(r)).toEqual(['limit_fill', 'stop_fill', 'stop_limit_fill', 'trailing_ratchet', 'both_touched', 'stops_from', 'time_in_force', 'entry_order', 'reversal', 'entries']);
    expect(r.both_touched).toMatch(/^stop_first: /);
    expect(r.stops_from).toMatch(/^entry_bar: /);
    expect(r.entry_order).toBe('market order at the next bar open');
    expect(r.reversal).toMatch(/reverseNotEnabled/);
  });
  it('says what the config asks: a limit entry, reversal, pyramiding, trailing stop, scale-out, next_bar stops', () => {
    const r = orderRules(
      parseStrategyConfig({
        ...base,
        allowShort: true,
        indicators: { atr14: { type: 'atr', period: 14 } },
        rules: { entry: { condition: 'close > 1' }, addOn: { condition: 'close > 2' } },
        orders: { entry: { type: 'limit', offset: -0.005, tif: { bars: 3 } }, reverse: true, maxEntries: 3, stopsFrom: 'next_bar', penetration: 0.001 },
        risk: { trailingStop: { atr: 'atr14', multiple: 3 }, scaleOut: [{ gain: 0.05, fraction: 0.5 }] },
      }),
    );
    expect(r.entry_order).toBe('limit order at the signal close × (1 + -0.005) for a buy (mirrored for a short), time in force 3 bars');
    expect(r.stops_from).toMatch(/^next_bar: .*backtrader/);
    expect(r.limit_fill).toMatch(/0\.1% through the limit/);
    expect(r.entries).toMatch(/^up to 3 entries/);
    expect(r.trailing_stop).toBe('3 × atr14 below (long) / above (short) the close');
    expect(r.scale_out).toMatch(/^50% of the largest size at \+5% from the average entry/);
    expect(r.reversal).toMatch(/^reverse: /);
  });
  it('names the detail rule, with the timeframes and the bar count of a time in force, only when execution.detail is set', () => {
    const r = orderRules(parseStrategyConfig({ ...base, execution: { detail: '5m' } }));
    expect(r.detail).toMatch(/^5m: working orders, stops, targets, trailing stops, scale-out steps and liquidation are matched on each 5m bar inside the 1h bar, in time order/);
    expect(r.detail).toContain('a trailing stop ratchets on each 5m close');
    expect(r.detail, '60 / 5 = 12 detail bars per bar').toContain('an N-bar time in force lasts N × 12 5m bars (N 1h bars)');
    expect(orderRules(parseStrategyConfig(base)).detail).toBeUndefined();
  });
});

describe('order fields in the config schema', () => {
  it('errors name the path: an ATR trail without its indicator, addOn without maxEntries, reverse without shorts', () => {
    expect(() => parseStrategyConfig({ ...base, risk: { trailingStop: { atr: 'atr14', multiple: 2 } } })).toThrow(/risk\.trailingStop\.atr.*"atr14" is not a declared indicator of type "atr"/);
    expect(() => parseStrategyConfig({ ...base, rules: { entry: { condition: 'close > 1' }, addOn: { condition: 'close > 2' } } })).toThrow(/rules\.addOn.*maxEntries/);
    expect(() => parseStrategyConfig({ ...base, orders: { reverse: true } })).toThrow(/orders\.reverse.*allowShort/);
    expect(() => parseStrategyConfig({ ...base, orders: { entry: { type: 'limit', offset: 0.01 } } })).toThrow(/orders\.entry\.offset/);
    expect(() => parseStrategyConfig({ ...base, risk: { scaleOut: [{ gain: 0.1, fraction: 0.6 }, { gain: 0.2, fraction: 0.6 }] } })).toThrow(/more than the whole position/);
  });
});
