import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { syntheticCandles } from '../../bench/candles.ts';
import { runBacktest, type BacktestResult } from '../run/run-backtest.ts';
import { writeRunFiles } from './run-files.ts';
import { readMetricsDocument, STRATEGIES_FILE, STRATEGIES_IN_SUMMARY, strategyEntries, withoutPerStrategy } from './strategy-summaries.ts';

const root = mkdtempSync(join(tmpdir(), 'strata-strategy-summaries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `n` RSI strategies of different periods over 3,000 synthetic 1m candles, written as a run folder. */
async function runFolder(n: number): Promise<{ dir: string; result: BacktestResult }> {
  const candles = syntheticCandles(3_000, { symbol: 'SYN/USD', timeframe: '1m' });
  const col = (f: (k: number) => number) => Float64Array.from({ length: candles.length }, (_, k) => f(k));
  const columns = { length: candles.length, openTime: col((k) => candles[k].openTime), open: col((k) => candles[k].open), high: col((k) => candles[k].high), low: col((k) => candles[k].low), close: col((k) => candles[k].close), volume: col((k) => candles[k].volume) };
  const configs = Array.from({ length: n }, (_, i) =>
    parseStrategyConfig({ id: `rsi_${i}`, symbol: 'SYN/USD', timeframe: '1m', indicators: { rsi: { type: 'rsi', period: 5 + i } }, rules: { entry: { condition: 'rsi < 35' }, exit: { condition: 'rsi > 60' } } }),
  );
  const result = await runBacktest({ configs, feed: new ColumnarFeed([{ series: { symbol: 'SYN/USD', timeframe: '1m' }, columns }]) });
  const dir = mkdtempSync(join(root, `n${n}-`));
  await writeRunFiles(dir, result);
  return { dir, result };
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('per-strategy summaries: metrics.json up to 20 strategies, strategies.jsonl for every run', () => {
  it(`lists ${STRATEGIES_IN_SUMMARY} strategies in metrics.json and the same entries in strategies.jsonl`, async () => {
    const { dir, result } = await runFolder(STRATEGIES_IN_SUMMARY);
    const doc = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const entries = json(strategyEntries(result)) as { id: string; metrics: { performance: { totalTrades: number } } }[];
    expect(entries.some((e) => e.metrics.performance.totalTrades > 0), 'the strategies trade').toBe(true);
    expect(doc.strategies).toEqual(entries);
    expect(doc.strategyCount).toBe(STRATEGIES_IN_SUMMARY);
    expect(doc.strategiesFile).toBe(STRATEGIES_FILE);
    const lines = readFileSync(join(dir, STRATEGIES_FILE), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(entries);
  }, 60_000);

  it('keeps them out of metrics.json past 20 strategies, and readMetricsDocument reads them from the file in run order', async () => {
    const { dir, result } = await runFolder(STRATEGIES_IN_SUMMARY + 5);
    const doc = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    expect(doc.strategies, 'metrics.json holds no per-strategy entries').toBeUndefined();
    expect(doc.strategyCount).toBe(STRATEGIES_IN_SUMMARY + 5);
    const read = readMetricsDocument(dir);
    expect(read.strategies).toEqual(json(strategyEntries(result)));
    expect(read.strategies.map((s) => s.id)).toEqual(result.strategies.map((s) => s.id));
    expect(doc.portfolio.attribution, 'no per-strategy figure in the portfolio block').toBeUndefined();
    expect(doc.portfolio.analytics.volatility).toBeUndefined();
    expect(doc.portfolio.analytics.correlation.ids).toBeUndefined();
    expect(doc.portfolio.analytics.attribution.total).toEqual({ portfolioReturn: result.portfolioAnalytics.attribution.total.portfolioReturn });
    const a = result.portfolioAnalytics;
    const p = read.portfolio as { attribution: unknown; analytics: { volatility: unknown; correlation: { ids: unknown }; attribution: { total: unknown } } };
    expect(p.attribution, 'read back from strategies.jsonl').toEqual(json(a.attribution.total.contributions));
    expect(p.analytics.attribution.total).toEqual(json(a.attribution.total));
    expect(p.analytics.volatility).toEqual(json(a.volatility));
    expect(p.analytics.correlation.ids).toEqual(a.correlation.ids);
    expect(statSync(join(dir, 'metrics.json')).size, 'metrics.json bytes').toBeLessThan(100_000);
  }, 60_000);

  it('reads a document written without its strategies back as the whole document', async () => {
    const { dir } = await runFolder(4);
    const path = join(dir, 'metrics.json');
    const whole = JSON.parse(readFileSync(path, 'utf8'));
    const { strategies: _strategies, ...rest } = whole;
    writeFileSync(path, JSON.stringify({ ...rest, portfolio: withoutPerStrategy(whole.portfolio) }));
    expect(readMetricsDocument(dir)).toEqual(whole);
  }, 60_000);

  it('names the file and line of a bad strategies.jsonl line, and a named file that is missing', async () => {
    const { dir } = await runFolder(STRATEGIES_IN_SUMMARY + 1);
    const file = join(dir, STRATEGIES_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = '{"id": "rsi_2",';
    writeFileSync(file, lines.join('\n'));
    expect(() => readMetricsDocument(dir)).toThrow(`${file} line 3:`);
    rmSync(file);
    expect(() => readMetricsDocument(dir)).toThrow(`names ${STRATEGIES_FILE}, which is not in the run folder`);
  }, 60_000);
});
