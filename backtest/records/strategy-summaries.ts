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

/**
 * One strategy's summary: its StrategyMetrics and benchmarks, and under `portfolio` its contribution to the
 * portfolio's return and the annualised volatility of its period returns (metrics.json's portfolio block keys
 * the same figures by id up to STRATEGIES_IN_SUMMARY strategies).
 */
export function strategyEntries(result: BacktestResult) {
  const a = result.portfolioAnalytics;
  return result.strategies.map((s) => ({
    id: s.id,
    name: s.name,
    symbol: s.config.symbol,
    timeframe: s.config.timeframe,
    metrics: s.metrics,
    benchmarks: s.benchmarks,
    portfolio: { contribution: a.attribution.total.contributions[s.id] ?? null, volatility: a.volatility[s.id] ?? null },
  }));
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});

/**
 * metrics.json's portfolio block without its per-strategy figures (`attribution`, the total attribution's
 * `contributions`, `analytics.volatility` and the correlation's `ids`), which strategies.jsonl holds: for fleets
 * past STRATEGIES_IN_SUMMARY, whose block would otherwise grow with every strategy.
 */
export function withoutPerStrategy(portfolio: Json): Json {
  const { attribution: _byId, ...rest } = portfolio;
  const analytics = obj(rest.analytics);
  const { volatility: _volatility, ...kept } = analytics;
  const attribution = obj(analytics.attribution);
  const { contributions: _contributions, ...total } = obj(attribution.total);
  const { ids: _ids, ...correlation } = obj(analytics.correlation);
  return { ...rest, analytics: { ...kept, attribution: { ...attribution, total }, correlation } };
}

/** The portfolio block withoutPerStrategy left, with its per-strategy figures put back from the entries (in run order). */
function withPerStrategy(portfolio: Json, entries: readonly Json[]): Json {
  const byId = (field: 'contribution' | 'volatility') => Object.fromEntries(entries.map((e) => [e.id as string, obj(e.portfolio)[field] ?? null]));
  const analytics = obj(portfolio.analytics);
  const attribution = obj(analytics.attribution);
  return {
    ...portfolio,
    attribution: byId('contribution'),
    analytics: {
      ...analytics,
      attribution: { ...attribution, total: { ...obj(attribution.total), contributions: byId('contribution') } },
      volatility: byId('volatility'),
      correlation: { ...obj(analytics.correlation), ids: entries.map((e) => e.id) },
    },
  };
}

/** Writes strategies.jsonl into `dir`. */
export function writeStrategySummaries(dir: string, entries: readonly unknown[]): void {
  writeFileSync(join(dir, STRATEGIES_FILE), entries.map((e) => JSON.stringify(e) + '\n').join(''));
}

/**
 * metrics.json of a run folder with its `strategies` filled in: from the document itself (small runs, and folders
 * written before strategies.jsonl) or from the file it names, which also gives back the portfolio block's
 * per-strategy figures, so a reader sees the same document for any fleet. A missing metrics.json reads as no strategies; a
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
  return { ...m, strategies, portfolio: withPerStrategy(portfolio, strategies) };
}
