import { withStoreMarkets } from '../../run/store-markets.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTable, type TableColumn } from '../../../data/table-file.ts';
import { timeframeMs } from '../../../engine/timeframe.ts';
import { canonicalJson, contentHash, sha256 } from '../../records/canonical.ts';
import type { DataRequest } from '../../run/data-source.ts';
import { compactStamp, ENGINE_VERSION, iso, loadSingleConfig, prepareData, type PreparedData } from '../../run/job-common.ts';
import { PERFORMANCE_COLUMNS, type RankMetric } from '../../run/metric-select.ts';
import type { ParamSpec } from '../sweep/param-grid.ts';
import { DEFAULT_RESULTS_DB } from '../../records/results-db.ts';
import { registerRun } from '../../records/registration.ts';
import { performanceColumns } from '../../records/results-db.ts';
import { withRunPool } from '../pool/run-pool.ts';
import { tradeColumns } from '../../records/run-files.ts';
import { paramColumn, paramRecord, sweepColumns } from '../sweep/sweep-files.ts';
import { planWindows, runWalkForward, type WalkForwardResult, type WindowOutcome } from './walkforward.ts';
import { writeManifest, type ManifestInput } from '../../records/manifest.ts';

export interface WalkForwardJob {
  configPath: string;
  data: Omit<DataRequest, 'configs'>;
  params: ParamSpec[];
  metric: RankMetric;
  /** Window lengths in ms. */
  train: number;
  test: number;
  step?: number;
  workers?: number;
  capital?: number;
  outDir?: string;
  runsDir?: string;
  resultsDb?: string | null;
  command: string;
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
}

export interface WalkForwardJobResult {
  runId: string;
  outDir: string;
  result: WalkForwardResult;
  data: PreparedData;
  report: Record<string, unknown>;
}

/** The JSON view of one window (walkforward.json, --json). */
export function windowReport(params: readonly ParamSpec[], o: WindowOutcome): Record<string, unknown> {
  const p = o.plan;
  return {
    index: p.index,
    trainFrom: iso(p.trainFrom),
    trainTo: iso(p.trainTo),
    testFrom: iso(p.testFrom),
    testTo: iso(p.testTo),
    partial: p.partial,
    chosen: o.chosen && { combination: o.chosen.combination, params: paramRecord(params, o.chosen.values), trainScore: o.chosen.score, by: o.chosen.by },
    train: { combinations: o.train.combinations, skipped: o.train.skipped, errored: o.train.errored },
    test: o.test,
  };
}

/** Loads config and data, plans the windows, runs them on a worker pool, writes the run folder and registers it. */
export async function runWalkForwardJob(job: WalkForwardJob): Promise<WalkForwardJobResult> {
  const { loaded, config: given } = loadSingleConfig(job.configPath, job.capital);
  // A config without a market takes the one the store recorded for its series.
  const base = (await withStoreMarkets([given], job.data)).configs[0];
  const data = await prepareData([base], job.data);
  const own = data.summary.series.filter((s) => s.symbol === base.symbol && s.first !== null);
  const from = Math.min(...own.map((s) => s.first!));
  const to = Math.max(...own.map((s) => s.last! + timeframeMs(s.timeframe)));
  const windows = planWindows(from, to, job.train, job.test, base.timeframe, job.step);
  if (windows.length === 0) {
    throw new Error(`the data (${iso(from)} to ${iso(to)}) is too short for one ${job.train / 86_400_000}d training + ${job.test / 86_400_000}d test window`);
  }
  const result = await withRunPool(job.workers, (pool) => runWalkForward({ base, params: job.params, data: data.shared, pool, metric: job.metric, windows, onProgress: job.onProgress }));

  const configHash = contentHash(base);
  const runHash = sha256(canonicalJson({ configHash, params: job.params, metric: job.metric, train: job.train, test: job.test, step: job.step ?? job.test, data: data.summary.hash })).slice(0, 8);
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = `${compactStamp(createdAt)}-${runHash}`;
  const outDir = job.outDir ?? join(job.runsDir ?? 'runs', runId);
  mkdirSync(outDir, { recursive: true });

  const report = {
    runId,
    metric: job.metric,
    params: job.params,
    trainMs: job.train,
    testMs: job.test,
    stepMs: job.step ?? job.test,
    windows: result.windows.map((o) => windowReport(job.params, o)),
    oos: result.oos.performance,
    conventions:
      'each window: every combination replays the training window from a cold start and is ranked by the metric; the winner replays from the training window start ' +
      '(warm-up) but may open positions only from the test window on, a position still open at the test window end is closed at its last close (end_of_data, fees charged), ' +
      'and only test-window bars count. OOS equity compounds the test windows in order from the base capital; trade P&L is on each window\'s own capital.',
  };
  writeFileSync(join(outDir, 'walkforward.json'), JSON.stringify(report, null, 2) + '\n');
  const files = await writeWalkForwardTables(outDir, job.params, result);
  const manifest = {
    runId,
    kind: 'walkforward',
    createdAt: createdAt.toISOString(),
    engineVersion: ENGINE_VERSION,
    command: job.command,
    strategy: { id: base.id ?? null, name: base.name ?? null, source: loaded.source, configHash, symbol: base.symbol, timeframe: base.timeframe, capital: base.capital, execution: base.execution },
    params: job.params,
    metric: job.metric,
    windows: windows.length,
    data: { ...data.info, from: iso(data.info.from), to: iso(data.info.to), candles: data.summary.candles, firstCandleClose: iso(data.summary.firstTime), lastCandleClose: iso(data.summary.lastTime), hash: data.summary.hash },
    files: ['manifest.json', 'walkforward.json', ...files],
  } satisfies ManifestInput;
  writeManifest(outDir, manifest);

  if (job.resultsDb !== null) {
    const p = result.oos.performance;
    const warning = await registerRun(job.resultsDb ?? DEFAULT_RESULTS_DB, outDir, {
      record: {
        runId,
        kind: 'walkforward',
        createdAt: createdAt.toISOString(),
        outDir,
        command: job.command,
        dataHash: data.summary.hash,
        dataFrom: iso(data.summary.firstTime),
        dataTo: iso(data.summary.lastTime),
        candles: data.summary.candles,
        totalReturn: p.totalReturn,
        sharpe: p.sharpeRatio,
        maxDrawdown: p.maxDrawdown,
        trades: p.totalTrades,
        summary: { metric: job.metric, params: job.params, windows: report.windows, oos: p },
        strategies: [
          {
            id: `${base.id ?? 'strategy'}@oos`,
            name: `${base.name ?? base.id ?? 'strategy'} (walk-forward out-of-sample)`,
            symbol: base.symbol,
            timeframe: base.timeframe,
            configHash,
            ...performanceColumns(p),
            finalEquity: p.equity,
            metrics: { performance: p },
            config: base,
          },
        ],
      },
    });
    if (warning) process.stderr.write(`warning: ${warning}\n`);
  }
  return { runId, outDir, result, data, report };
}

/** windows.csv/.parquet, oos-equity.parquet, oos-trades.csv/.parquet and train-results.parquet. */
async function writeWalkForwardTables(dir: string, params: readonly ParamSpec[], r: WalkForwardResult): Promise<string[]> {
  const ws = r.windows;
  const time = (name: string, get: (o: WindowOutcome) => number): TableColumn => ({ name, kind: 'time', values: ws.map(get) });
  const windowCols: TableColumn[] = [
    { name: 'window_index', kind: 'number', values: ws.map((o) => o.plan.index) },
    time('train_from', (o) => o.plan.trainFrom),
    time('train_to', (o) => o.plan.trainTo),
    time('test_from', (o) => o.plan.testFrom),
    time('test_to', (o) => o.plan.testTo),
    { name: 'combination', kind: 'number', values: ws.map((o) => o.chosen?.combination ?? (null as unknown as number)) },
    { name: 'chosen_by', kind: 'string', values: ws.map((o) => o.chosen?.by ?? (null as unknown as string)) },
    ...params.map((p, k) => paramColumn(p.path, ws.map((o) => o.chosen?.values[k] ?? (null as unknown as number)))),
    { name: 'train_score', kind: 'number', values: ws.map((o) => o.chosen?.score ?? (null as unknown as number)) },
    ...PERFORMANCE_COLUMNS.map(([name, get]): TableColumn => ({ name: `test_${name}`, kind: 'number', values: ws.map((o) => (o.test === null ? null : get(o.test)) as number) })),
  ];
  await writeTable(join(dir, 'windows.parquet'), 'parquet', windowCols);
  await writeTable(join(dir, 'windows.csv'), 'csv', windowCols);

  await writeTable(join(dir, 'oos-equity.parquet'), 'parquet', [
    { name: 'time', kind: 'time', values: r.oos.time },
    { name: 'window_index', kind: 'number', values: r.oos.window },
    { name: 'equity', kind: 'number', values: r.oos.equity },
    { name: 'drawdown', kind: 'number', values: r.oos.drawdown },
  ]);

  const trades = ws.flatMap((o) => o.testTrades.map((t) => ({ t, w: o.plan.index })));
  const tradeCols: TableColumn[] = [{ name: 'window_index', kind: 'number', values: trades.map((x) => x.w) }, ...tradeColumns(trades.map((x) => x.t))];
  await writeTable(join(dir, 'oos-trades.parquet'), 'parquet', tradeCols);
  await writeTable(join(dir, 'oos-trades.csv'), 'csv', tradeCols);

  const rows = ws.flatMap((o) => o.train.rows.map((row) => ({ row, w: o.plan.index })));
  await writeTable(
    join(dir, 'train-results.parquet'),
    'parquet',
    sweepColumns(
      params,
      rows.map((x) => x.row),
      [{ name: 'window_index', kind: 'number', values: rows.map((x) => x.w) }],
    ),
  );
  return ['windows.parquet', 'windows.csv', 'oos-equity.parquet', 'oos-trades.parquet', 'oos-trades.csv', 'train-results.parquet'];
}
