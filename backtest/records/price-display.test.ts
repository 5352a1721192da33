/** prices-display.parquet against a plain loop over the same candles: the overview keeps every extreme, the chart the newest candles exactly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScratchDuckDB } from '../../data/duck-scratch.ts';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import { m4Indices } from '../../data/m4-indices.ts';
import { synthCandles } from '../../data/synth.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { readTableFile } from '../../tests/backtest/cli-helpers.ts';
import { runBacktest } from '../run/run-backtest.ts';
import { CHART_CANDLES, DISPLAY_FILE, writeDisplayPrices, type DisplaySummary } from './price-display.ts';

const MINUTES = 30_000;
const cols = synthCandles({ bars: MINUTES, seed: 7, timeframe: '1m', startPrice: 100 });
const config = (id: string, timeframe: string) => parseStrategyConfig({ id, symbol: 'SYN/USD', timeframe, indicators: { f: { type: 'sma', period: 3 } }, rules: { entry: { condition: 'close > f' }, exit: { condition: 'close < f' } } });
const time = (v: unknown) => Date.parse(String(v).replace(' ', 'T').replace(/\+00$/, 'Z'));

describe('prices-display.parquet', () => {
  let dir: string;
  let summary: DisplaySummary;
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-display-'));
    // The candles as a run records them while its feed passes.
    const configs = [config('a', '1m'), config('b', '15m'), config('c', '1m')];
    const result = await runBacktest({ configs, feed: new ColumnarFeed([{ series: { symbol: 'SYN/USD', timeframe: '1m' }, columns: cols }]) });
    summary = await withScratchDuckDB((conn) => writeDisplayPrices(conn, join(dir, DISPLAY_FILE), result.candles, configs));
    rows = (await readTableFile(join(dir, DISPLAY_FILE))).rows;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the newest CHART_CANDLES candles of a series the run has more of, and says how many it left out', () => {
    expect(summary.charted).toEqual([
      { symbol: 'SYN/USD', timeframe: '1m', source: '1m', candles: MINUTES, kept: CHART_CANDLES },
      { symbol: 'SYN/USD', timeframe: '15m', source: '1m', candles: MINUTES / 15, kept: MINUTES / 15 },
    ]);
    const chart = rows.filter((r) => r.view === 'chart' && r.timeframe === '1m');
    expect(chart.length).toBe(CHART_CANDLES);
    const first = MINUTES - CHART_CANDLES;
    for (const k of [0, 1, 9_999, CHART_CANDLES - 1]) {
      const r = chart[k];
      expect(time(r.close_time)).toBe(cols.openTime[first + k] + 60_000);
      expect([r.open, r.high, r.low, r.close, r.volume]).toEqual([cols.open[first + k], cols.high[first + k], cols.low[first + k], cols.close[first + k], cols.volume[first + k]]);
    }
  });

  it('aggregates a coarser chart from the input as a loop over 15 one-minute candles does', () => {
    const chart = rows.filter((r) => r.view === 'chart' && r.timeframe === '15m');
    expect(chart.length).toBe(MINUTES / 15);
    for (const k of [0, 7, 1_000, MINUTES / 15 - 1]) {
      const at = k * 15;
      let high = -Infinity;
      let low = Infinity;
      let volume = 0;
      for (let i = at; i < at + 15; i++) {
        high = Math.max(high, cols.high[i]);
        low = Math.min(low, cols.low[i]);
        volume += cols.volume[i];
      }
      const r = chart[k];
      expect(time(r.close_time)).toBe(cols.openTime[at] + 15 * 60_000);
      expect([r.open, r.high, r.low, r.close]).toEqual([cols.open[at], high, low, cols.close[at + 14]]);
      expect(r.volume as number).toBeCloseTo(volume, 6);
    }
  });

  it('overview: real candles, the first and last, and the run’s lowest low and highest high among them', () => {
    const overview = rows.filter((r) => r.view === 'overview');
    expect(overview.length).toBeGreaterThan(1_000);
    expect(overview.length).toBeLessThanOrEqual(6_000);
    const byClose = new Map<number, number>(Array.from(cols.openTime, (t, i) => [t + 60_000, i]));
    for (const r of overview) {
      const i = byClose.get(time(r.close_time))!;
      expect(r.close).toBe(cols.close[i]);
    }
    expect(time(overview[0].close_time)).toBe(cols.openTime[0] + 60_000);
    expect(time(overview.at(-1)!.close_time)).toBe(cols.openTime[MINUTES - 1] + 60_000);
    expect(Math.min(...overview.map((r) => r.low as number))).toBe(Math.min(...cols.low));
    expect(Math.max(...overview.map((r) => r.high as number))).toBe(Math.max(...cols.high));
  });
});

describe('m4Indices', () => {
  it('selecting half the buckets from a selection keeps what selecting from every row keeps', () => {
    const t = Array.from(cols.openTime);
    const v = Array.from(cols.close);
    const once = m4Indices(t, [v], 500);
    const fine = m4Indices(t, [v], 1_000);
    const twice = m4Indices(
      fine.map((i) => t[i]),
      [fine.map((i) => v[i])],
      500,
    ).map((k) => fine[k]);
    expect(twice).toEqual(once);
  });
});
