import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../engine/types.ts';
import { LoopingReplay, tileColumns } from './replay.ts';

const cols = (n: number, start = 0, step = 60_000) => {
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  return { length: n, openTime: f((i) => start + i * step), open: f((i) => 100 + i), high: f((i) => 102 + i), low: f((i) => 99 + i), close: f((i) => 101 + i), volume: f(() => 1) };
};

describe('LoopingReplay', () => {
  it('replays the data again with times shifted forward and prices continuing', async () => {
    const feed = new LoopingReplay([{ series: { symbol: 'A/B', timeframe: '1m' }, columns: cols(5) }], 3);
    const out: MarketEvent[] = [];
    for await (const e of feed) out.push(e);
    const candles = out.map((e) => (e.kind === 'candle' ? e.candle : null)!);
    expect(candles).toHaveLength(15);
    for (let i = 1; i < candles.length; i++) expect(candles[i].openTime, 'time only moves forward').toBeGreaterThan(candles[i - 1].openTime);
    expect(candles[5].openTime).toBe(5 * 60_000);
    expect(candles[5].open, 'the second pass opens where the first closed').toBeCloseTo(candles[4].close, 9);
    expect(feed.passes).toBe(3);
  });
});

describe('tileColumns', () => {
  it('re-times a short series to a start and repeats it up to the end', () => {
    const t = tileColumns(cols(10, 1_000_000_000), '1m', 0, 25 * 60_000);
    expect(t.length).toBe(25);
    expect(t.openTime[0]).toBe(0);
    expect(t.openTime[24]).toBe(24 * 60_000);
    expect(t.open[10]).toBeCloseTo(t.close[9], 9);
  });
});
