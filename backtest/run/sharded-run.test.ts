import { describe, expect, it } from 'vitest';
import { ArrayFeed } from '../../engine/feed.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { contiguousGroups, shardPlan } from './sharded-run.ts';
import type { BacktestOptions } from './run-backtest.ts';

const config = (id: string) =>
  parseStrategyConfig({ id, symbol: 'BTC/USDT', timeframe: '1h', indicators: { rsi: { period: 14 } }, rules: { entry: { condition: 'rsi < 30' }, exit: { condition: 'rsi > 70' } } }, id);
const feed = new ArrayFeed([], [{ symbol: 'BTC/USDT', timeframe: '1h' }]);
const opts = (o: Partial<BacktestOptions>): BacktestOptions => ({ configs: [config('a'), config('b'), config('c')], feed, ...o });

describe('contiguousGroups', () => {
  it('splits 8 items into 3 groups of 3, 3 and 2, in order', () => {
    expect(contiguousGroups([1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7, 8]]);
    expect(contiguousGroups([1, 2], 2)).toEqual([[1], [2]]);
  });
});

describe('shardPlan', () => {
  it('uses min(workers, strategies) threads', () => {
    expect(shardPlan(opts({}), 8)).toEqual({ requested: 8, used: 3, reason: null });
    expect(shardPlan(opts({}), 2)).toEqual({ requested: 2, used: 2, reason: null });
    expect(shardPlan(opts({ configs: [config('a')] }), 4)).toEqual({ requested: 4, used: 1, reason: null });
  });

  it('keeps strategies that share something on one thread and says why', () => {
    expect(shardPlan(opts({ gate: { review: () => ({ blocked: false }) } }), 2).reason).toBe('an order gate reviews the orders of every strategy, so they run on one thread');
    expect(shardPlan(opts({ configs: [config('a'), config('a')] }), 2)).toEqual({ requested: 2, used: 1, reason: 'strategy id "a" is given twice (the engine numbers repeats in start order), so the strategies run on one thread' });
    expect(shardPlan(opts({ configs: [config('a'), parseStrategyConfig({ id: 'b', symbol: 'BTC/USDT', timeframe: '1h', module: 'my-strategy' }, 'b')] }), 2).reason).toBe('strategy module "my-strategy" is given in memory and cannot be loaded in a worker thread, so the strategies run on one thread');
  });
});
