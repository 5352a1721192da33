import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import { readTableFile } from './cli-helpers.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { runBacktest, type BacktestResult } from '../../backtest/run/run-backtest.ts';
import { writeRunFiles } from '../../backtest/records/run-files.ts';
import { syntheticCandles } from '../../bench/candles.ts';

const DAY = 86_400_000;
const N = 100_000;
const STRATEGIES = 10;

/** 100,000 daily candles (the synthetic random walk, restamped one day apart). */
function dailyColumns() {
  const c = syntheticCandles(N, { symbol: 'SYN/USD', timeframe: '1d' });
  const t0 = Date.UTC(1800, 0, 1);
  const col = (f: (k: number) => number) => Float64Array.from({ length: N }, (_, k) => f(k));
  return { length: N, openTime: col((k) => t0 + k * DAY), open: col((k) => c[k].open), high: col((k) => c[k].high), low: col((k) => c[k].low), close: col((k) => c[k].close), volume: col((k) => c[k].volume) };
}

describe('metrics.json stays a summary on a long run with many strategies', () => {
  let dir: string;
  let result: BacktestResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-metrics-size-'));
    const configs = Array.from({ length: STRATEGIES }, (_, i) =>
      parseStrategyConfig({ id: `sma_${i}`, symbol: 'SYN/USD', timeframe: '1d', indicators: { fast: { type: 'sma', period: 5 + i }, slow: { type: 'sma', period: 30 + 3 * i } }, rules: { entry: { condition: 'crosses_above(fast, slow)' }, exit: { condition: 'crosses_below(fast, slow)' } } }),
    );
    result = await runBacktest({ configs, feed: new ColumnarFeed([{ series: { symbol: 'SYN/USD', timeframe: '1d' }, columns: dailyColumns() }]) });
    await writeRunFiles(dir, result);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is under 100,000 bytes for 10 strategies over 100,000 daily candles', () => {
    const size = statSync(join(dir, 'metrics.json')).size;
    expect(result.portfolioAnalytics.attribution.day.length, 'the run has one attribution period per day').toBeGreaterThan(99_000);
    expect(size, 'metrics.json bytes').toBeLessThan(100_000);
    const doc = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    expect(doc.portfolio.analytics.attribution.file, 'metrics.json names the attribution file').toBe('attribution.parquet');
    expect(doc.portfolio.analytics.correlation.rolling.file, 'and the rolling correlation file').toBe('correlation.parquet');
    expect(doc.portfolio.analytics.attribution.total, 'the whole-run attribution stays in metrics.json').toEqual(result.portfolioAnalytics.attribution.total);
  });

  it('attribution.parquet holds every period of every kind with the in-memory values', async () => {
    const { rows } = await readTableFile(join(dir, 'attribution.parquet'));
    const a = result.portfolioAnalytics.attribution;
    let expected = 0;
    const byKey = new Map<string, Record<string, unknown>>();
    for (const r of rows) byKey.set(`${r.kind}|${r.period}|${r.strategy_id}`, r);
    // 1.3 M values: mismatches are collected and compared once, since an expect per value takes a minute here.
    const wrong: string[] = [];
    const check = (key: string, want: number) => {
      const got = byKey.get(key)?.value;
      if (got !== want) wrong.push(`${key}: ${String(got)}, expected ${want}`);
    };
    for (const kind of ['day', 'week', 'month'] as const) {
      for (const p of a[kind]) {
        expected += 1 + STRATEGIES;
        check(`${kind}|${p.period}|__portfolio__`, p.portfolioReturn);
        for (const [id, v] of Object.entries(p.contributions)) check(`${kind}|${p.period}|${id}`, v);
      }
    }
    expect(wrong.slice(0, 5), `${wrong.length} value(s) differ`).toEqual([]);
    expect(rows.length, 'one row per kind, period and strategy (plus the portfolio)').toBe(expected);
  });

  it('correlation.parquet holds the rolling correlation of every pair with the in-memory values', async () => {
    const { rows } = await readTableFile(join(dir, 'correlation.parquet'));
    const c = result.portfolioAnalytics.correlation.rolling;
    expect(c.pairs.length, 'every pair of 10 strategies').toBe(45);
    // 100,000 days: every 50th day, counted back from the last, so 2,000 points per pair.
    const every = Math.ceil(c.labels.length / 2_000);
    expect(every).toBe(50);
    const kept = c.labels.map((_, i) => i).filter((i) => (c.labels.length - 1 - i) % every === 0);
    expect(kept.at(-1)).toBe(c.labels.length - 1);
    expect(rows.length).toBe(c.pairs.length * kept.length);
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).portfolio.analytics.correlation.rolling.every).toBe(every);
    let k = 0;
    for (const p of c.pairs) {
      for (const i of kept) {
        k++;
        const r = rows[k - 1];
        if (r.a !== p.a || r.b !== p.b || r.label !== c.labels[i] || (r.value ?? null) !== p.values[i]) {
          expect({ a: r.a, b: r.b, label: r.label, value: r.value ?? null }, `row ${k}`).toEqual({ a: p.a, b: p.b, label: c.labels[i], value: p.values[i] });
        }
      }
    }
  });
});
