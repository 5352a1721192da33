import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { closedEvents, randomWalk } from '../../tests/engine/helpers.ts';
import { appendBar, barsFor, indicatorSeries, type BarColumns } from './indicators.ts';

describe('indicatorSeries with an informative series', () => {
  it('gives a 4h-bound indicator, at each 15m bar, the value the engine gave the strategy there', async () => {
    const minutes = randomWalk('BTC/USDT', 3 * 24 * 60, 4, 40_000);
    const config = parseStrategyConfig({
      symbol: 'BTC/USDT',
      timeframe: '15m',
      series: { h4: { timeframe: '4h' } },
      indicators: { fast: { type: 'ema', period: 5 }, trend: { type: 'ema', period: 3, series: 'h4' } },
      module: 'probe',
    });
    const engineSaw: number[] = [];
    const probe: StrategyFactory = () => ({ onCandle: (ctx) => (engineSaw.push(ctx.indicators.getter('trend')!()), null) });
    const manager = new StrategyManager({ modules: new Map([['probe', probe]]) });
    manager.startStrategy(config);
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(minutes), [{ symbol: 'BTC/USDT', timeframe: '1m' }]));

    const source: BarColumns = { symbol: 'BTC/USDT', timeframe: '1m', time: [], open: [], high: [], low: [], close: [], volume: [] };
    for (const c of minutes) appendBar(source, c);
    const out = indicatorSeries(config, barsFor(source, '15m'), new Map([['h4', barsFor(source, '4h')]]));
    const trend = out.find((s) => s.name === 'trend')!.fields.value;
    expect(trend.length).toBe(engineSaw.length);
    expect(trend.filter((v) => v !== null).length, 'warmed up after three 4h bars').toBe(engineSaw.length - (3 * 4 * 60) / 15 + 1);
    expect(trend, 'the notebook draws what the rules read').toEqual(engineSaw.map((v) => (Number.isFinite(v) ? v : null)));
  });
});
