/** A feed whose events are in memory runs without awaits; the run is the same as reading it event by event with awaits. */
import { describe, expect, it } from 'vitest';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import { synthCandles } from '../../data/synth.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { isSyncFeed, type Feed } from '../../engine/feed.ts';
import { runBacktest } from './run-backtest.ts';

const configs = ['1m', '5m', '1h'].map((timeframe, i) =>
  parseStrategyConfig({
    id: `rsi_${timeframe}`,
    symbol: 'SYN/USD',
    timeframe,
    indicators: { rsi: { type: 'rsi', period: 10 + i } },
    rules: { entry: { condition: 'rsi < 35' }, exit: { condition: 'rsi > 65' } },
    risk: { stopLoss: 0.01 },
  }),
);

describe('the engine over a synchronous feed', () => {
  it('gives the trades, signals, equity and data hash of the same feed read with an await per event', async () => {
    const columns = synthCandles({ bars: 20_000, seed: 3, timeframe: '1m', startPrice: 50 });
    const sync = new ColumnarFeed([{ series: { symbol: 'SYN/USD', timeframe: '1m' }, columns }]);
    const awaited: Feed = { series: sync.series, [Symbol.asyncIterator]: () => sync[Symbol.asyncIterator]() };
    expect(isSyncFeed(sync)).toBe(true);
    expect(isSyncFeed(awaited)).toBe(false);
    const a = await runBacktest({ configs, feed: sync });
    const b = await runBacktest({ configs, feed: awaited });
    expect(a.trades.length, 'the strategies trade').toBeGreaterThan(50);
    expect(a.trades).toEqual(b.trades);
    expect(a.signals).toEqual(b.signals);
    expect(a.portfolioEquity).toEqual(b.portfolioEquity);
    expect(a.strategies.map((s) => s.metrics)).toEqual(b.strategies.map((s) => s.metrics));
    expect(a.data.hash).toBe(b.data.hash);
  });
});
