import { orderRules } from '../../engine/orders/policy.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { seriesPolicy } from '../../engine/config/series.ts';
import { sizingPolicy } from '../../engine/execution/sizing.ts';
import type { OrderGate } from '../../engine/execution/order-gate.ts';
import { canonicalJson, contentHash, sha256 } from '../records/canonical.ts';
import { resolveData, type DataRequest, type DataSourceInfo } from './data-source.ts';
import { backtestRunRecord, compactStamp, ENGINE_VERSION, iso } from './job-common.ts';
import { annualisationOf } from '../../engine/markets/annualisation.ts';
import { withStoreMarkets } from './store-markets.ts';
import { marketName } from '../../engine/markets/market.ts';
import { MINIMUM_SPAN_DAYS } from '../../engine/metrics/formulas.ts';
import { loadBenchmark } from './benchmark-source.ts';
import { loadConfigs, loadStrategyModules, type LoadedConfig } from './load-configs.ts';
import { loadPortfolio } from './load-portfolio.ts';
import { portfolioSpec } from './portfolio-run.ts';
import { DEFAULT_RESULTS_DB } from '../records/results-db.ts';
import { registerRun } from '../records/registration.ts';
import { runBacktest, type BacktestResult } from './run-backtest.ts';
import { loadRunFunding, marginManifest, withFundingEvents } from './funding-feed.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { usesMargin } from '../../engine/config/margin-schema.ts';
import { writeRunFiles } from '../records/run-files.ts';
import { recordVersions } from '../records/versions/record.ts';
import { writeManifest, type ManifestInput } from '../records/manifest.ts';
import { detailFillsText } from './detail-data.ts';

export interface BacktestJob {
  configPaths: readonly string[];
  /** A portfolio config file (engine/portfolio/config.ts): its strategies run with shared capital, allocation, limits and netting; `configPaths` is then empty. */
  portfolioPath?: string;
  data: Omit<DataRequest, 'configs'>;
  capital?: number;
  outDir?: string;
  runsDir?: string;
  resultsDb?: string | null;
  command: string;
  gate?: OrderGate;
  onProgress?: (candles: number, time: number) => void;
  /** Clock for the run id and created_at only (never the engine's). */
  now?: () => Date;
  /** A series to measure every strategy against besides its own buy-and-hold: a candle file or a symbol in the store. */
  benchmark?: string;
  /** Worker threads to shard the strategies over (default 1; the CLI defaults to the number of cores). */
  workers?: number;
}

export interface BacktestJobResult {
  runId: string;
  outDir: string;
  result: BacktestResult;
  configs: LoadedConfig[];
  data: DataSourceInfo;
  manifest: Record<string, unknown>;
  /** Problems that did not fail the run (it is in its folder), e.g. a registration left pending. */
  warnings: string[];
}


/** Loads configs and data, runs the backtest, writes the run folder and registers it in the results database. */
export async function runBacktestJob(job: BacktestJob): Promise<BacktestJobResult> {
  const pf = job.portfolioPath ? loadPortfolio(job.portfolioPath) : null;
  if (pf && job.configPaths.length > 0) throw new Error('give strategy configs or a portfolio, not both');
  const loaded = pf ? pf.configs : loadConfigs(job.configPaths);
  // With a portfolio, --capital is the portfolio's capital (split by the allocation), not each strategy's.
  const given: StrategyConfig[] = loaded.map((l) => (job.capital === undefined || pf ? l.config : { ...l.config, capital: job.capital }));
  const { configs, sources: marketSources } = await withStoreMarkets(given, job.data);
  const modules = await loadStrategyModules(configs);
  const resolved = await resolveData({ ...job.data, configs });
  const info = resolved.info;
  const funding = await loadRunFunding(configs, info.kind === 'store' ? info.paths[0] : null, info.exchange ?? DEFAULT_EXCHANGE, { from: job.data.from, to: job.data.to });
  const feed = withFundingEvents(resolved.feed, funding.rows);
  const portfolio = pf ? portfolioSpec(pf.portfolio, job.capital) : undefined;
  const benchmark = job.benchmark === undefined ? undefined : await loadBenchmark(job.benchmark, job.data.paths, job.data.exchange);
  const result = await runBacktest({ configs, feed, modules, gate: job.gate, portfolio, onProgress: job.onProgress, benchmark, workers: job.workers });

  const configHashes = configs.map((c) => contentHash(c));
  const portfolioHash = portfolio ? contentHash({ ...portfolio, weights: portfolio.weights?.map((w) => w ?? null) }) : undefined;
  const runHash = sha256(canonicalJson(portfolioHash ? { configHashes, data: result.data.hash, portfolio: portfolioHash } : { configHashes, data: result.data.hash })).slice(0, 8);
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = `${compactStamp(createdAt)}-${runHash}`;
  const outDir = job.outDir ?? join(job.runsDir ?? 'runs', runId);
  mkdirSync(outDir, { recursive: true });

  const { files, display } = await writeRunFiles(outDir, result);
  const manifest = {
    runId,
    kind: 'backtest',
    createdAt: createdAt.toISOString(),
    engineVersion: ENGINE_VERSION,
    command: job.command,
    strategies: result.strategies.map((s, i) => ({
      id: s.id,
      name: s.name,
      source: loaded[i].source,
      configHash: configHashes[i],
      symbol: s.config.symbol,
      timeframe: s.config.timeframe,
      capital: s.config.capital,
      execution: s.config.execution,
      fillPolicy: s.config.execution.fill === 'next_open' ? 'market orders fill at the next bar open' : 'market orders fill at the signal bar close',
      sizing: sizingPolicy(s.config),
      orderRules: s.detailFills === undefined ? orderRules(s.config) : { ...orderRules(s.config), detail_fills: detailFillsText(s.detailFills, result.fills.filter((f) => f.strategyId === s.id).length, s.config.execution.detail!) },
      ...(seriesPolicy(s.config) === null ? {} : { series: seriesPolicy(s.config)! }),
      market: marketName(s.config.market),
      marketSource: marketSources[i],
      annualisation: { ...annualisationOf(s.config), minimumSpanDays: MINIMUM_SPAN_DAYS, applied: s.metrics.annualisation?.applied ?? true, reason: s.metrics.annualisation?.reason ?? null },
      ...(usesMargin(s.config) ? { margin: marginManifest(s.config, funding.coverage) } : {}),
      benchmarks: [`buy and hold ${s.config.symbol} from the open of the first bar`, ...(benchmark ? [benchmark.symbol] : [])],
    })),
    data: {
      ...info,
      from: iso(info.from),
      to: iso(info.to),
      candles: result.data.candles,
      firstCandleClose: iso(result.data.firstTime),
      lastCandleClose: iso(result.data.lastTime),
      hash: result.data.hash,
      gaps: result.data.series.map((s) => ({ ...s, first: iso(s.first), last: iso(s.last), ranges: s.ranges.map((r) => ({ from: iso(r.from), to: iso(r.to), missing: r.missing })) })),
    },
    files,
    display,
    // Threads the strategies ran on; every other file of the run is the same whatever this says.
    workers: result.parallel,
    ...(pf && portfolio ? { portfolio: { source: pf.file, hash: portfolioHash, ...portfolio } } : {}),
  } satisfies ManifestInput;
  writeManifest(outDir, manifest);

  const warnings: string[] = funding.coverage.filter((f) => f.missing > 0).map((f) => `${f.symbol}: ${f.missing} funding payment(s) missing in the range, run anyway (funding.missing "warn"); the gaps are in the manifest`);
  if (job.resultsDb !== null) {
    const record = backtestRunRecord('backtest', { runId, createdAt, outDir, command: job.command, configHashes, summary: { portfolio: result.portfolio } }, result);
    const registered = await registerRun(job.resultsDb ?? DEFAULT_RESULTS_DB, outDir, { record });
    if (registered) warnings.push(registered);
    // Every config backtested is a strategy version (its hash is the manifest's configHash).
    const versions = await recordVersions(job.resultsDb, result.strategies.map((s, i) => ({ strategyId: s.id, config: configs[i], source: 'backtest' as const, runId, note: `backtest ${runId}` })));
    if (versions) warnings.push(versions);
  }
  return { runId, outDir, result, configs: loaded, data: info, manifest, warnings };
}
