import { describe, expect, it } from 'vitest';
import type { Candle, Fill } from '../../engine/types.ts';
import { barTimeOf, fillMarkers, paneLayout, priceFormatFor, valueAt } from './chart-model.ts';

const M = 60_000;
const candle = (i: number): Candle => ({ symbol: 'BTC/USDT', timeframe: '15m', openTime: i * 15 * M, closeTime: (i + 1) * 15 * M, open: 100 + i, high: 102 + i, low: 99 + i, close: 101 + i, volume: 5 });
const candles = [0, 1, 2, 3].map(candle);
const fill = (id: string, time: number, side: 'buy' | 'sell', reason: Fill['reason']): Fill => ({ id, orderId: `o${id}`, strategyId: 's', symbol: 'BTC/USDT', side, quantity: 1, price: 101, fee: 0, time, reason });

describe('chart model', () => {
  it('places an instant on the bar whose half-open interval holds it (the last close on the last bar)', () => {
    expect(barTimeOf(candles, 0)).toBe(0);
    expect(barTimeOf(candles, 15 * M - 1), 'just before the close is still the first bar').toBe(0);
    expect(barTimeOf(candles, 15 * M), 'a close is the next bar’s open').toBe(15 * M);
    expect(barTimeOf(candles, 60 * M), 'the last bar’s close has no next bar').toBe(45 * M);
    expect(barTimeOf(candles, 61 * M)).toBeNull();
    const gapped = [candle(0), candle(2)];
    expect(barTimeOf(gapped, 15 * M), 'the close of a bar a gap follows stays on that bar').toBe(0);
    expect(barTimeOf(gapped, 20 * M), 'inside the gap: no bar').toBeNull();
    expect(barTimeOf([], 0)).toBeNull();
  });

  it('makes one marker per fill in time order, at the fill price, buys up and sells down', () => {
    const ms = fillMarkers(candles, [fill('2', 31 * M, 'sell', 'stop_loss'), fill('1', 16 * M, 'buy', 'entry'), fill('x', 99 * M, 'buy', 'entry')], 'green', 'red');
    expect(ms.map((m) => [m.fillId, m.time, m.shape, m.color, m.text])).toEqual([
      ['1', 15 * 60, 'arrowUp', 'green', 'buy'],
      ['2', 30 * 60, 'arrowDown', 'red', 'stop loss'],
    ]);
  });

  it('overlays price-scale lines and gives each other indicator one pane for all its fields', () => {
    const l = (name: string, indicator: string, scale: 'price' | 'oscillator' | 'volume') => ({ name, indicator, type: 't', scale, series: null, points: [] as [number, number][] });
    const { overlays, panes } = paneLayout([l('fast', 'fast', 'price'), l('macd.macd', 'macd', 'oscillator'), l('macd.signal', 'macd', 'oscillator'), l('obv', 'obv', 'volume')]);
    expect(overlays.map((x) => x.name)).toEqual(['fast']);
    expect(panes.map((p) => p.map((x) => x.name))).toEqual([['macd.macd', 'macd.signal'], ['obv']]);
  });

  it('reads a line’s value at a close time', () => {
    const line = { name: 'f', indicator: 'f', type: 'ema', scale: 'price' as const, series: null, points: [[10, 1.5], [20, 2.5], [30, 3.5]] as [number, number][] };
    expect(valueAt(line, 20)).toBe(2.5);
    expect(valueAt(line, 25)).toBeNull();
  });

  it('formats prices to about five significant digits', () => {
    const at = (close: number) => priceFormatFor([{ ...candle(0), close }]).precision;
    expect([at(0.0016), at(1.2345), at(42_000), at(0.5)]).toEqual([7, 4, 2, 5]);
    expect(priceFormatFor([]).precision).toBe(4);
  });
});
