import type { ExecutorOptions } from '../../backtest/research/distributed/coordinator.ts';
import type { SweepProgress } from '../../backtest/research/distributed/progress.ts';
import { maskRedisUrl, maskRedisUrls, parseRedisUrl, RedisUrlError } from '../../backtest/research/distributed/redis-url.ts';
import type { RankMetric } from '../../backtest/run/metric-select.ts';
import { ParamSpecError, gridSize } from '../../backtest/research/sweep/param-grid.ts';
import { paramRecord } from '../../backtest/research/sweep/sweep-files.ts';
import { runSweepJob, type SweepJobResult } from '../../backtest/research/sweep/sweep-job.ts';
import type { SweepResult } from '../../backtest/research/sweep/sweep.ts';
import type { StrategyMetrics } from '../../engine/types.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { formatCount, formatSeconds, ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital, parseMetric, parseParams, parseWorkers } from '../run-options.ts';
import { HELP } from '../help/sweep.ts';
import { formatPercent } from '../../engine/format.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      param: { type: 'string', multiple: true },
      metric: { type: 'string' },
      workers: { type: 'string' },
      top: { type: 'string' },
      ...RUN_OUTPUT_OPTIONS,
      executor: { type: 'string' },
      'shared-data': { type: 'string' },
      batch: { type: 'string' },
      attempts: { type: 'string' },
      'queue-name': { type: 'string' },
      resume: { type: 'string' },
    });
    const command = ['strata', 'sweep', ...argv].join(' ');
    const executor = executorOptions(values);
    if (values.resume !== undefined) {
      if (!executor) throw new UsageError('--resume needs --executor (the queue the run is on)');
      if (positionals.length > 1) throw new UsageError('give at most one strategy config file');
      const { resumeDistributedSweep } = await import('../../backtest/research/distributed/coordinator.ts');
      const check = {
        configPath: positionals[0],
        params: values.param ? parseParams(values.param) : undefined,
        metric: values.metric ? parseMetric(values.metric) : undefined,
        capital: parseCapital(values.capital),
        resultsDb: values['no-register'] ? null : values['results-db'],
      };
      const job = await withInterrupt(executor, (ex) => resumeDistributedSweep(values.resume!, ex, check), values.json === true);
      return report(job, values.json === true, top(values.top));
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one strategy config file');
    const params = parseParams(values.param);
    const metric = parseMetric(values.metric);
    const workers = parseWorkers(values.workers);
    const rows = top(values.top);
    let total: number;
    try {
      total = gridSize(params);
    } catch (err) {
      if (err instanceof ParamSpecError) throw new UsageError(err.message);
      throw err;
    }
    const request = {
      configPath: positionals[0],
      data: dataRequest(values),
      params,
      metric,
      workers,
      capital: parseCapital(values.capital),
      outDir: values.out,
      resultsDb: values['no-register'] ? null : values['results-db'],
      command,
    };
    if (executor) {
      if (workers !== undefined) throw new UsageError('--workers is for local sweeps; with --executor, start workers with strata worker --concurrency N');
      const { redisExecutor } = await import('../../backtest/research/distributed/coordinator.ts');
      const job = await withInterrupt(executor, (ex) => runSweepJob({ ...request, executor: redisExecutor(ex) }), values.json === true);
      return report(job, values.json === true, rows);
    }
    const bar = values.json ? null : new ProgressBar('sweep', 'runs', total);
    const job = await runSweepJob({ ...request, onProgress: bar ? (n) => bar.update(n) : undefined });
    bar?.done(total);
    return report(job, values.json === true, rows);
  });
}

function top(text: string | undefined): number {
  const n = text === undefined ? 10 : Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--top must be a whole number, got "${text}"`);
  return n;
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number >= 1, got "${text}"`);
  return n;
}

interface ExecutorValues {
  executor?: string;
  'shared-data'?: string;
  batch?: string;
  attempts?: string;
  'queue-name'?: string;
}

/** The queue options, or null for a local sweep. The URL is checked here so a typo is a usage error (masked). */
export function executorOptions(values: ExecutorValues): ExecutorOptions | null {
  if (values.executor === undefined) {
    for (const k of ['shared-data', 'batch', 'attempts', 'queue-name'] as const) if (values[k] !== undefined) throw new UsageError(`--${k} needs --executor`);
    return null;
  }
  // Hide a password from `ps` from now on (it was visible until here: prefer STRATA_REDIS_PASSWORD).
  if (maskRedisUrl(values.executor) !== values.executor) process.title = maskRedisUrls(process.argv.slice(1).join(' '));
  try {
    parseRedisUrl(values.executor);
  } catch (err) {
    if (err instanceof RedisUrlError) throw new UsageError(`--executor: ${err.message}`);
    throw err;
  }
  return {
    url: values.executor,
    queue: values['queue-name'],
    sharedData: values['shared-data'],
    batchSize: positive('batch', values.batch),
    attempts: positive('attempts', values.attempts),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

/**
 * Runs a distributed sweep with a progress line (TTY only: bar, rate, ETA, results per worker) and SIGINT
 * turned into a clean stop that leaves the jobs queued for --resume.
 */
export async function withInterrupt<T>(ex: ExecutorOptions, body: (ex: ExecutorOptions) => Promise<T>, json: boolean): Promise<T> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tty = !json && process.stderr.isTTY === true && process.env.CI !== 'true';
  let last = 0;
  const draw = (p: SweepProgress, force = false) => {
    const now = Date.now();
    if (!tty || (!force && now - last < 200)) return;
    last = now;
    process.stderr.write(`\r${progressLine(p)}`.padEnd(120) + (force ? '\n' : ''));
  };
  let final: SweepProgress | null = null;
  try {
    return await body({ ...ex, signal: abort.signal, onProgress: (p) => ((final = p), draw(p)) });
  } finally {
    if (final) draw(final, true);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** \`sweep [#####.......] 120/1000 runs, 35/s, ETA 25s | a 60, b 60\` */
export function progressLine(p: SweepProgress): string {
  const width = 24;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(frac * width);
  const workers = Object.entries(p.workers)
    .map(([id, n]) => `${id} ${formatCount(n)}`)
    .join(', ');
  const rate = p.rate === null ? '-' : `${formatCount(p.rate)}/s`;
  const eta = p.etaSeconds === null ? '?' : formatSeconds(p.etaSeconds);
  return `sweep [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${formatCount(p.done)}/${formatCount(p.total)} runs, ${rate}, ETA ${eta}${workers ? ` | ${workers}` : ' | no results yet'}`;
}

/** Prints the ranked table (or the JSON object) of a finished sweep. */
function report(job: SweepJobResult, json: boolean, top: number): number {
  const r = job.result;
  const params = r.params;
  const metric = r.metric;
  if (json) {
    const out = {
      runId: job.runId,
      outDir: job.outDir,
      metric,
      combinations: r.combinations,
      skipped: r.skipped,
      errored: r.errored,
      best: job.manifest.best,
      results: r.rows.map((row) => ({
        rank: row.rank,
        combination: row.combination,
        status: row.status,
        reason: row.reason,
        params: paramRecord(params, row.values),
        score: row.score,
        metrics: row.metrics?.performance ?? null,
        annualisation: row.metrics?.annualisation ?? null,
      })),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  process.stdout.write(`${sweepTable(r, top)}\n\n`);
  const reasons = new Map<string, number>();
  for (const row of r.rows) if (row.status !== 'ok') reasons.set(`${row.status}: ${row.reason}`, (reasons.get(`${row.status}: ${row.reason}`) ?? 0) + 1);
  for (const [reason, n] of reasons) process.stdout.write(`${n} combination(s) ${reason}\n`);
  process.stdout.write(`${r.combinations} combinations, ${r.combinations - r.skipped - r.errored} ran, ${r.skipped} skipped, ${r.errored} errored; ranked by ${metric}\n`);
  const ex = job.manifest.executor as { url: string; perWorker: Record<string, number> } | undefined;
  if (ex) process.stdout.write(`Ran on ${Object.keys(ex.perWorker).length} worker(s) via ${maskRedisUrl(ex.url)}: ${Object.entries(ex.perWorker).map(([id, n]) => `${id} ${n}`).join(', ')}\n`);
  process.stdout.write(`Run ${job.runId} written to ${job.outDir}\n`);
  return 0;
}

const pct = (x: number | null | undefined) => formatPercent(x, { missing: '-' });
const num = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2));

type Performance = StrategyMetrics['performance'];

/** The usual figures beside the ranking metric; the metric itself is not repeated. */
const FIGURES = [
  { metric: 'return', title: 'Return', cell: (p: Performance) => pct(p.totalReturn) },
  { metric: 'sharpe', title: 'Sharpe', cell: (p: Performance) => (p.sharpeRatio === null ? '–' : num(p.sharpeRatio)) },
  { metric: 'drawdown', title: 'Max DD', cell: (p: Performance) => pct(p.maxDrawdown) },
  { metric: 'trades', title: 'Trades', cell: (p: Performance) => String(p.totalTrades) },
] as const;

/** The best `top` rows: rank, parameters, the ranking metric (marked *, explained under the table) and the usual figures. */
export function sweepTable(r: SweepResult, top: number): string {
  const figures = FIGURES.filter((f) => f.metric !== r.metric);
  const header = ['Rank', '#', ...r.params.map((p) => p.path), `${r.metric} *`, ...figures.map((f) => f.title)];
  const body = r.rows.slice(0, top).map((row) => {
    const p = row.metrics?.performance;
    return [
      row.rank === null ? '-' : String(row.rank),
      String(row.combination),
      ...row.values.map((v) => String(v)),
      row.score === null ? '-' : Number(row.score.toPrecision(6)).toString(),
      ...figures.map((f) => (p ? f.cell(p) : '-')),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const note = r.metric === 'sharpe_per_bar' ? ': mean / sd of per-bar returns, not annualised' : '';
  const reason = r.rows.map((row) => row.metrics?.annualisation).find((a) => a?.applied === false)?.reason;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), `* ranked by ${r.metric} (--metric)${note}`, ...(reason ? [`Sharpe –: ${reason}`] : [])].join('\n');
}

export type { RankMetric };
