import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestResult } from '../run/backtest-result.ts';
import type { MetricsDocument } from './manifest.ts';

/** Every run folder's per-strategy summaries, one JSON object per line, in run order. */
export const STRATEGIES_FILE = 'strategies.jsonl';

/**
 * metrics.json lists the strategies' summaries itself up to this many strategies (about 2.6 KB each); beyond,
 * only strategies.jsonl holds them, so metrics.json stays under 100 KB whatever the fleet.
 */
export const STRATEGIES_IN_SUMMARY = 20;

/** One strategy's summary: its StrategyMetrics and its benchmarks, as metrics.json and strategies.jsonl give it. */
export function strategyEntries(result: BacktestResult) {
  return result.strategies.map((s) => ({ id: s.id, name: s.name, symbol: s.config.symbol, timeframe: s.config.timeframe, metrics: s.metrics, benchmarks: s.benchmarks }));
}

/** Writes strategies.jsonl into `dir`. */
export function writeStrategySummaries(dir: string, entries: readonly unknown[]): void {
  writeFileSync(join(dir, STRATEGIES_FILE), entries.map((e) => JSON.stringify(e) + '\n').join(''));
}

/**
 * metrics.json of a run folder with its `strategies` filled in: from the document itself (small runs, and folders
 * written before strategies.jsonl) or from the file it names. A missing metrics.json reads as no strategies; a
 * bad line is an error naming the file and line.
 */
export function readMetricsDocument(dir: string): MetricsDocument {
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) return { strategies: [], portfolio: {} };
  const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<MetricsDocument> & { strategiesFile?: unknown };
  const portfolio = m.portfolio ?? {};
  if (Array.isArray(m.strategies)) return { ...m, strategies: m.strategies, portfolio };
  if (typeof m.strategiesFile !== 'string') return { ...m, strategies: [], portfolio };
  const file = join(dir, m.strategiesFile);
  if (!existsSync(file)) throw new Error(`${path} names ${m.strategiesFile}, which is not in the run folder`);
  const strategies = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as MetricsDocument['strategies'][number];
      } catch (err) {
        throw new Error(`${file} line ${i + 1}: ${(err as Error).message}`);
      }
    });
  return { ...m, strategies, portfolio };
}
