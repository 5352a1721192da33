import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { runBacktest } from '../../backtest/run/run-backtest.ts';
import { rejectionLines } from '../../backtest/run/summary-table.ts';
import { closedEvents, HOUR, T0 } from '../engine/helpers.ts';

/** Hourly closes alternating around 100, each bar ±0.5 around its close. */
const zigzag = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const c = i % 2 === 0 ? 99 : 101;
    return { symbol: 'BTC/USDT', timeframe: '1h', openTime: T0 + i * HOUR, closeTime: T0 + (i + 1) * HOUR, open: c, high: c + 0.5, low: c - 0.5, close: c, volume: 1 };
  });
const crossing = { entry: { condition: 'crosses_above(close, 100)' }, exit: { condition: 'crosses_below(close, 100)' }, shortEntry: { condition: 'crosses_below(close, 100)' }, shortExit: { condition: 'crosses_above(close, 100)' } };

describe('order-model rejections in a run and its summary', () => {
  it('counts each strategy\'s rejections by reason: dropped opposite entries, add-ons past maxEntries', async () => {
    const configs = [
      parseStrategyConfig({ id: 'flipless', symbol: 'BTC/USDT', timeframe: '1h', allowShort: true, rules: crossing }),
      parseStrategyConfig({ id: 'flipper', symbol: 'BTC/USDT', timeframe: '1h', allowShort: true, orders: { reverse: true }, rules: crossing }),
      parseStrategyConfig({ id: 'pyramid', symbol: 'BTC/USDT', timeframe: '1h', orders: { maxEntries: 2 }, sizing: { mode: 'quantity', value: 1 }, rules: { entry: { condition: 'close > 100' }, addOn: { condition: 'close > 100' } } }),
    ];
    const r = await runBacktest({ configs, feed: new ArrayFeed(closedEvents(zigzag(21)), [{ symbol: 'BTC/USDT', timeframe: '1h' }]) });
    const by = (id: string) => r.blocked.filter((b) => b.strategyId === id).map((b) => b.limit);
    expect(by('flipless').length, 'every exit on a cross drops the short that crossed with it').toBeGreaterThan(3);
    expect(new Set(by('flipless'))).toEqual(new Set(['reverseNotEnabled']));
    expect(by('flipper')).toEqual([]);
    const sides = r.strategies[1].trades.map((t) => t.side);
    expect(sides.includes('long') && sides.includes('short'), 'the reversing config trades both sides').toBe(true);
    expect(r.strategies[0].trades.every((t) => t.side === 'long')).toBe(true);
    expect(by('pyramid').every((x) => x === 'maxEntries') && by('pyramid').length > 0).toBe(true);
    const text = rejectionLines(r.blocked);
    expect(text).toMatch(new RegExp(`flipless  ${by('flipless').length} orders rejected \\(reverseNotEnabled: ${by('flipless').length}\\)`));
    expect(text).toMatch(/pyramid  \d+ orders? rejected \(maxEntries: \d+\)/);
  });
});
