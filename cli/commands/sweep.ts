import { RANK_METRICS, type RankMetric } from '../../backtest/metric-select.ts';
import { ParamSpecError, gridSize } from '../../backtest/param-grid.ts';
import { paramRecord } from '../../backtest/sweep-files.ts';
import { runSweepJob } from '../../backtest/sweep-job.ts';
import type { SweepResult } from '../../backtest/sweep.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, dataRequest, parseCapital, parseMetric, parseParams, parseWorkers } from '../run-options.ts';

const HELP = `Usage: strata sweep <config.json> --data <store.duckdb | candle file>... --param PATH=VALUES... [options]

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

Writes sweep.parquet and sweep.csv (one row per combination, best first: rank, combination, status,
reason, one column per parameter, every metric; ready for a heatmap) and manifest.json, and registers
every combination in the results database (table sweep_results).

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      param: { type: 'string', multiple: true },
      metric: { type: 'string' },
      workers: { type: 'string' },
      top: { type: 'string' },
      capital: { type: 'string' },
      out: { type: 'string' },
      'results-db': { type: 'string' },
      'no-register': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one strategy config file');
    const params = parseParams(values.param);
    const metric = parseMetric(values.metric);
    const workers = parseWorkers(values.workers);
    const top = values.top === undefined ? 10 : Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number, got "${values.top}"`);
    let total: number;
    try {
      total = gridSize(params);
    } catch (err) {
      if (err instanceof ParamSpecError) throw new UsageError(err.message);
      throw err;
    }
    const bar = values.json ? null : new ProgressBar('sweep', 'runs', total);
    const job = await runSweepJob({
      configPath: positionals[0],
      data: dataRequest(values),
      params,
      metric,
      workers,
      capital: parseCapital(values.capital),
      outDir: values.out,
      resultsDb: values['no-register'] ? null : values['results-db'],
      command: ['strata', 'sweep', ...argv].join(' '),
      onProgress: bar ? (n) => bar.update(n) : undefined,
    });
    bar?.done(total);
    const r = job.result;
    if (values.json) {
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
    process.stdout.write(`Run ${job.runId} written to ${job.outDir}\n`);
    return 0;
  });
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(2)}%`);
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
