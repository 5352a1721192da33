import type { ExecutorOptions } from '../../backtest/research/distributed/coordinator.ts';
import type { SweepProgress } from '../../backtest/research/distributed/progress.ts';
import { maskRedisUrl, maskRedisUrls, parseRedisUrl, RedisUrlError } from '../../backtest/research/distributed/redis-url.ts';
import { RANK_METRICS, type RankMetric } from '../../backtest/run/metric-select.ts';
import { ParamSpecError, gridSize } from '../../backtest/research/sweep/param-grid.ts';
import { paramRecord } from '../../backtest/research/sweep/sweep-files.ts';
import { runSweepJob, type SweepJobResult } from '../../backtest/research/sweep/sweep-job.ts';
import type { SweepResult } from '../../backtest/research/sweep/sweep.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { formatCount, formatSeconds, ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital, parseMetric, parseParams, parseWorkers } from '../run-options.ts';
import { formatPercent } from '../../engine/format.ts';

const HELP = `Usage: strata sweep <config.json> --data <store.duckdb | candle file>... --param PATH=VALUES... [options]
       strata sweep ... --executor redis://host:port     (on workers started with strata worker)
       strata sweep --executor redis://host:port --resume RUN_ID

Runs every combination of a parameter grid over the same data, in parallel on worker threads, and ranks
the results. Each combination is the config deep-merged with its values and validated again; invalid
combinations (e.g. fastPeriod >= slowPeriod) are reported as skipped with their reason.

Options:
  --param PATH=VALUES  a config path and its values: start:end:step (inclusive), start:end (step 1),
                       or a list a,b,c. Repeat for more parameters; the grid is their product.
                       e.g. --param indicators.rsi.period=7:21:7 --param risk.stopLoss=0.01,0.02
  --metric NAME        rank by: ${Object.keys(RANK_METRICS).join(', ')} (default sharpe)
  --workers N          worker threads (default: all cores; 0 = run in this thread)
  --top N              rows printed (default 10; the files hold all)
  --data PATH          candle store (.duckdb) or candle file(s)
  --symbol S           symbol of a single data file whose name does not say it
  --timeframe T        timeframe of the data
  --exchange NAME      store exchange (default "default")
  --from DATE          first open time (ISO date or epoch ms), inclusive
  --to DATE            last open time, exclusive
  --capital N          initial capital (overrides the config)
  --out DIR            output folder (default runs/<timestamp>-<hash>)
  --results-db PATH    results database (default .strata/results.duckdb); --no-register to skip
  --json               print one JSON object to stdout and nothing else
  -h, --help           this help

Distributed (see backtest/DISTRIBUTED.md):
  --executor URL       run the grid as jobs on a Redis queue (redis://[:password@]host:port[/db],
                       rediss:// for TLS) for \`strata worker\` processes on any machines, instead of local
                       threads; same tables and results rows. The password may come from
                       STRATA_REDIS_PASSWORD instead; it is never printed.
  --shared-data DIR    directory every worker sees at the same path: the candles are written there as
                       Parquet (default .strata/shared-data; a single Parquet --data file is used in place)
  --batch N            combinations per job (default: about 128 jobs, at most 32 each)
  --attempts N         attempts per job before the sweep fails (default 5)
  --queue-name NAME    queue name (default strata-sweeps)
  --resume RUN_ID      collect a run whose coordinator stopped: re-queues what has no result yet
                       (config, --data and --param may be left out; if given they must match)

Writes sweep.parquet and sweep.csv (one row per combination, best first: rank, combination, status,
reason, one column per parameter, every metric; ready for a heatmap) and manifest.json, and registers
every combination in the results database (table sweep_results). With --executor, progress.json in the
run folder holds the live progress (done, rate, ETA, results per worker).

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;

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
function executorOptions(values: ExecutorValues): ExecutorOptions | null {
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
async function withInterrupt<T>(ex: ExecutorOptions, body: (ex: ExecutorOptions) => Promise<T>, json: boolean): Promise<T> {
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

/** The best `top` rows: rank, parameters, the ranking metric and the usual figures. */
export function sweepTable(r: SweepResult, top: number): string {
  const header = ['Rank', '#', ...r.params.map((p) => p.path), `${r.metric} *`, 'Return', 'Sharpe', 'Max DD', 'Trades'];
  const body = r.rows.slice(0, top).map((row) => {
    const p = row.metrics?.performance;
    return [
      row.rank === null ? '-' : String(row.rank),
      String(row.combination),
      ...row.values.map((v) => String(v)),
      row.score === null ? '-' : Number(row.score.toPrecision(6)).toString(),
      pct(p?.totalReturn),
      num(p?.sharpeRatio),
      pct(p?.maxDrawdown),
      p ? String(p.totalTrades) : '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export type { RankMetric };
