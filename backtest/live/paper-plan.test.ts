import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { historyNeeds } from '../../engine/strategy/history-needs.ts';
import { planSeries, warmupNeeds, warmupStarts } from './paper-plan.ts';

const M = 60_000;
const H4 = 4 * 60 * M;
// A minute boundary that is also a 4h boundary, so the arithmetic below is plain.
const NOW = Date.UTC(2024, 0, 10, 8, 0);

const deepRule = parseStrategyConfig({
  id: 'deep',
  symbol: 'BTC/USDT',
  timeframe: '1m',
  indicators: { fast: { type: 'ema', period: 12 } },
  rules: { entry: { condition: 'close > sma(close, 500)' }, exit: { condition: 'close < highest(low, 40)[3]' } },
});
const trend = parseStrategyConfig({
  id: 'trend',
  symbol: 'BTC/USDT',
  timeframe: '15m',
  series: { h4: { timeframe: '4h' } },
  indicators: { trend: { type: 'ema', period: 50, series: 'h4' } },
  rules: { entry: { condition: 'close > trend' }, exit: { condition: 'close < trend' } },
});

describe('paper warm-up from what each strategy reads', () => {
  it('counts the indicators bound to each series plus the deepest rule', () => {
    // sma(close, 500) needs 500 closes; highest(low, 40)[3] needs 43: the depth is 499 (bars before this one).
    expect(historyNeeds(deepRule)).toEqual([{ symbol: 'BTC/USDT', timeframe: '1m', alias: null, bars: 12 + 499 }]);
    expect(historyNeeds(trend)).toEqual([
      { symbol: 'BTC/USDT', timeframe: '15m', alias: null, bars: 1 },
      { symbol: 'BTC/USDT', timeframe: '4h', alias: 'h4', bars: 50 },
    ]);
  });

  it('starts early enough for a rule deeper than --warmup, and never later than --warmup bars', async () => {
    const series = planSeries([deepRule]);
    expect(series).toEqual([{ symbol: 'BTC/USDT', timeframe: '1m' }]);
    const [from] = warmupStarts(series, await warmupNeeds([deepRule]), 300, NOW);
    expect((NOW - from) / M, '511 bars of 1m, not the 300 asked for').toBe(511);
    const [plain] = warmupStarts(series, [[{ symbol: 'BTC/USDT', timeframe: '1m', alias: null, bars: 5 }]], 300, NOW);
    expect((NOW - plain) / M).toBe(300);
  });

  it('warms an informative 4h series on 4h bars fed by the 15m subscription', async () => {
    const series = planSeries([trend]);
    expect(series).toEqual([{ symbol: 'BTC/USDT', timeframe: '15m' }]);
    const [from] = warmupStarts(series, await warmupNeeds([trend]), 20, NOW);
    expect((NOW - from) / H4, 'ema(50) of 4h needs 50 4h bars, more than 20').toBe(50);
    const [asked] = warmupStarts(series, await warmupNeeds([trend]), 300, NOW);
    expect((NOW - asked) / H4, 'the larger of the two').toBe(300);
  });

  it('--warmup 0 asks for none, whatever the strategies read', async () => {
    expect(warmupStarts(planSeries([deepRule]), await warmupNeeds([deepRule]), 0, NOW)).toEqual([NOW]);
  });

  it('asks a code strategy module for its lookback', async () => {
    const donchian = parseStrategyConfig({
      id: 'donchian_code',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      module: fileURLToPath(new URL('../../examples/strategies/donchian-breakout.ts', import.meta.url)),
    });
    const [need] = (await warmupNeeds([donchian]))[0];
    expect(need.bars, 'one bar plus the 20-bar entry channel before it').toBe(21);
  });
});
