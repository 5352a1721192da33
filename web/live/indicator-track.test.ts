import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { Candle } from '../../engine/types.ts';
import { IndicatorManager } from '../../engine/indicators/indicator-manager.ts';
import { IndicatorTrack } from './indicator-track.ts';

const M15 = 900_000;
const H4 = 16 * M15;
const T0 = Date.UTC(2024, 0, 1);
const bar = (timeframe: string, len: number, k: number, close: number): Candle => ({ symbol: 'BTC/USDT', timeframe, openTime: T0 + k * len, closeTime: T0 + (k + 1) * len, open: close, high: close, low: close, close, volume: 1 });

const config = parseStrategyConfig({
  id: 'mtf',
  symbol: 'BTC/USDT',
  timeframe: '15m',
  series: { h4: { timeframe: '4h' } },
  indicators: { fast: { type: 'sma', period: 2 }, trend: { type: 'sma', period: 2, series: 'h4' } },
  rules: { entry: { condition: 'close > trend' }, exit: { condition: 'close < trend' } },
});

/** 15m bars closing at 1, 2, ..., and the 4h bars they make (close 10x the 4h index), in the barrier's order. */
function feed(track: IndicatorTrack, quarters: number): void {
  for (let k = 0; k < quarters; k++) {
    const c = bar('15m', M15, k, k + 1);
    if ((k + 1) % 16 === 0) track.onClosed(bar('4h', H4, (k + 1) / 16 - 1, ((k + 1) / 16) * 10));
    track.onClosed(c);
    track.onClosed(bar('1m', 60_000, k, 999)); // a series the strategy does not read
  }
}

describe('IndicatorTrack', () => {
  it('records an indicator bound to an informative series at that series’ closes, apart from the primary lines', () => {
    const track = new IndicatorTrack(1000);
    track.reconfigure(config, true);
    feed(track, 64);
    const primary = track.series(null);
    expect(primary.map((l) => [l.name, l.series])).toEqual([['fast', null]]);
    expect(primary[0].points.slice(0, 2), 'SMA(2) of the 15m closes 1, 2, 3').toEqual([[T0 + 2 * M15, 1.5], [T0 + 3 * M15, 2.5]]);
    expect(primary[0].points).toHaveLength(63);
    const h4 = track.series('h4');
    expect(h4.map((l) => [l.name, l.series])).toEqual([['trend', 'h4']]);
    expect(h4[0].points, 'SMA(2) of the 4h closes 10, 20, 30, 40 at each 4h close').toEqual([[T0 + 2 * H4, 15], [T0 + 3 * H4, 25], [T0 + 4 * H4, 35]]);
    expect([track.aliasOf('BTC/USDT', '15m'), track.aliasOf('BTC/USDT', '4h'), track.aliasOf('BTC/USDT', '1m')]).toEqual([null, 'h4', undefined]);
  });

  it('replays every series’ recent candles when the config changes', () => {
    const track = new IndicatorTrack(1000);
    track.reconfigure(config, true);
    feed(track, 64);
    track.reconfigure({ ...config, indicators: { ...config.indicators, trend: { ...config.indicators.trend, period: 3 } } as typeof config.indicators }, false);
    expect(track.series('h4')[0].points, 'SMA(3) over the replayed 4h closes').toEqual([[T0 + 3 * H4, 20], [T0 + 4 * H4, 30]]);
    expect(track.series(null)[0].points.at(-1), 'the primary line rebuilt too').toEqual([T0 + 64 * M15, 63.5]);
  });

  it('feeds a pair indicator’s second series before the primary bar closing with it, whatever order the events come in', () => {
    const pair = parseStrategyConfig({
      id: 'pair',
      symbol: 'ETH/BTC',
      timeframe: '15m',
      series: { ltc: { symbol: 'LTC/BTC', timeframe: '15m' } },
      indicators: { corr: { type: 'correl', timePeriod: 5, input0: 'close', input1: 'close', input1Series: 'ltc' } },
      rules: { entry: { condition: 'corr < 0.5' }, exit: { condition: 'corr > 0.9' } },
    });
    const leg = (symbol: string, k: number, close: number): Candle => ({ ...bar('15m', M15, k, close), symbol });
    const eth = (k: number) => leg('ETH/BTC', k, 1 + Math.sin(k) / 10);
    const ltc = (k: number) => leg('LTC/BTC', k, 1 + Math.cos(k * 1.7) / 10 + k / 100);
    // The engine's barrier order: the informative bar, then the primary bar that closes with it.
    const engine = new IndicatorManager(pair.indicators);
    const read = engine.getter('corr')!;
    const expected: [number, number][] = [];
    for (let k = 0; k < 30; k++) {
      engine.updateSeries('ltc', ltc(k));
      engine.update(eth(k));
      if (Number.isFinite(read())) expected.push([eth(k).closeTime, read()]);
    }
    const track = new IndicatorTrack(1000);
    track.reconfigure(pair, true);
    for (let k = 0; k < 30; k++) {
      track.onClosed(eth(k)); // the primary leg's event first, as a bar group may list it
      track.onClosed(ltc(k));
    }
    expect(expected.length).toBe(26);
    expect(track.series(null)[0].points, 'the correlation the engine’s rules read, bar by bar').toEqual(expected);
  });
});

