import { describe, expect, it } from 'vitest';
import { aggregateCandles } from '../../engine/aggregator.ts';
import { ChunkedFeed, closedEvents, mergeEvents, randomWalk, sha256 } from './helpers.ts';
import { BTC_1M, EMA_BTC_1H, MACD_BTC_15M, MINUTES, RSI_ETH_5M, runScenario, type StrategyOutput } from './scenario.ts';

const CONFIGS = [MACD_BTC_15M, RSI_ETH_5M, EMA_BTC_1H];

/** Everything the strategies produced, in a fixed key order. */
function everything(outputs: Map<string, StrategyOutput>): unknown {
  return [...outputs.keys()].sort().map((id) => {
    const o = outputs.get(id)!;
    return { id, signals: o.signals, fills: o.fills, trades: o.trades, equity: o.equity };
  });
}

describe('determinism: same config and data, same bytes', async () => {
  const reference = await runScenario(CONFIGS);
  const refHash = sha256(everything(reference.outputs));

  it('the reference run produced real activity', () => {
    const trades = [...reference.outputs.values()].reduce((n, o) => n + o.trades.length, 0);
    expect(trades, 'hashing an empty result would prove nothing').toBeGreaterThan(5);
  });

  it('a second run in a fresh manager gives identical signals, fills, trades and equity', async () => {
    const again = await runScenario(CONFIGS);
    expect(sha256(everything(again.outputs))).toBe(refHash);
  });

  it.each([1, 7, 1000])('a feed yielding in chunks of %i (awaiting between chunks) gives the same bytes', async (chunk) => {
    const chunked = await runScenario(CONFIGS, { feed: (events, series) => new ChunkedFeed(events, series, chunk) });
    expect(sha256(everything(chunked.outputs)), `chunks of ${chunk}`).toBe(refHash);
  });

  it('the hash does see a change in the data', async () => {
    const other = await runScenario(CONFIGS, { events: mergeEvents(randomWalk('BTC/USDT', MINUTES, 12, 42_000), randomWalk('ETH/USDT', MINUTES, 23, 2_300)) });
    expect(sha256(everything(other.outputs)), 'another BTC walk, other results').not.toBe(refHash);
  });

  it('15m candles aggregated by the engine from 1m equal 15m candles fed directly', async () => {
    const direct = await runScenario([MACD_BTC_15M], {
      events: closedEvents(aggregateCandles(BTC_1M, '15m')),
      feed: (events) => new ChunkedFeed(events, [{ symbol: 'BTC/USDT', timeframe: '15m' }], 1000),
    });
    const id = MACD_BTC_15M.id!;
    const pick = (o: StrategyOutput) => ({ signals: o.signals, trades: o.trades, equity: o.equity });
    expect(sha256(pick(direct.outputs.get(id)!)), 'one aggregation code path for backtests and live feeds').toBe(sha256(pick(reference.outputs.get(id)!)));
  });
});
