import { RANK_METRICS } from '../../backtest/run/metric-select.ts';
import { gridSize } from '../../backtest/research/sweep/param-grid.ts';
import { runWalkForwardJob } from '../../backtest/research/walkforward/walkforward-job.ts';
import type { WalkForwardResult } from '../../backtest/research/walkforward/walkforward.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital, parseDuration, parseMetric, parseParams, parseWorkers } from '../run-options.ts';
import { formatPercent } from '../../engine/format.ts';

const HELP = `Usage: strata walkforward <config.json> --data <store.duckdb | candle file>... --param PATH=VALUES...
                         --train DURATION --test DURATION [options]

Walk-forward optimisation: rolling windows over the data. On each training window every combination of
the grid runs and the best by --metric is chosen; the winner then trades the test window that follows.
The out-of-sample test windows are stitched into one equity curve and measured.

Conventions: a test replay starts at its training window's start so indicators are warm, but may open
positions only from the test window on; a position still open when the test window ends is closed at its
last close (end_of_data, fees charged); only test-window bars count. Training runs start cold at the
training window start. Windows move on by --step (default: --test), so test windows tile the data.

Options:
  --train DURATION     training window length, e.g. 180d (units s, m, h, d, w)
  --test DURATION      test window length, e.g. 30d
  --step DURATION      how far each window moves on (default: --test)
  --param PATH=VALUES  as for strata sweep: start:end:step, start:end, or a,b,c; repeatable
  --metric NAME        optimise: ${Object.keys(RANK_METRICS).join(', ')} (default sharpe)
  --workers N          worker threads (default: all cores; 0 = run in this thread)
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

Writes walkforward.json (windows, chosen parameters, test metrics, stitched OOS metrics), windows.csv and
.parquet, oos-equity.parquet, oos-trades.csv and .parquet, train-results.parquet and manifest.json.

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      param: { type: 'string', multiple: true },
      metric: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      step: { type: 'string' },
      workers: { type: 'string' },
      ...RUN_OUTPUT_OPTIONS,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one strategy config file');
    const params = parseParams(values.param);
    gridSize(params);
    const metric = parseMetric(values.metric);
    const train = parseDuration('train', values.train);
    const test = parseDuration('test', values.test);
    const step = values.step === undefined ? undefined : parseDuration('step', values.step);
    const bar = values.json ? null : new ProgressBar('walkforward', 'runs');
    const job = await runWalkForwardJob({
      configPath: positionals[0],
      data: dataRequest(values),
      params,
      metric,
      train,
      test,
      step,
      workers: parseWorkers(values.workers),
      capital: parseCapital(values.capital),
      outDir: values.out,
      resultsDb: values['no-register'] ? null : values['results-db'],
      command: ['strata', 'walkforward', ...argv].join(' '),
      onProgress: bar
        ? (n, total) => {
            bar.setTotal(total);
            bar.update(n);
          }
        : undefined,
    });
    bar?.done();
    if (values.json) {
      process.stdout.write(JSON.stringify({ runId: job.runId, outDir: job.outDir, metric, windows: job.report.windows, oos: job.report.oos }) + '\n');
      return 0;
    }
    process.stdout.write(`${windowsTable(job.result)}\n\n`);
    const p = job.result.oos.performance;
    process.stdout.write(
      `Out-of-sample (${job.result.windows.length} windows stitched, ${p.bars} bars): return ${pct(p.totalReturn)}, Sharpe ${num(p.sharpeRatio)}, ` +
        `max drawdown ${pct(p.maxDrawdown)}, ${p.totalTrades} trades, win rate ${pct(p.winRate)}\n`,
    );
    process.stdout.write(`Run ${job.runId} written to ${job.outDir}\n`);
    return 0;
  });
}

const pct = (x: number | null | undefined) => formatPercent(x, { missing: '-' });
const num = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2));
const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T00:00', '').replace('T', ' ');

/** One line per window: ranges, chosen parameters, training score and out-of-sample figures. */
export function windowsTable(r: WalkForwardResult): string {
  const header = ['Win', 'Train', 'Test', ...r.params.map((p) => p.path), `train ${r.metric}`, 'OOS return', 'OOS Sharpe', 'OOS max DD', 'Trades'];
  const body = r.windows.map((o) => [
    String(o.plan.index),
    `${day(o.plan.trainFrom)}..${day(o.plan.trainTo)}`,
    `${day(o.plan.testFrom)}..${day(o.plan.testTo)}${o.plan.partial ? '*' : ''}`,
    ...r.params.map((_, k) => (o.chosen ? String(o.chosen.values[k]) : '-')),
    o.chosen?.score === null || o.chosen === null ? (o.chosen ? 'n/a (fallback)' : '-') : Number(o.chosen.score.toPrecision(6)).toString(),
    pct(o.test?.totalReturn),
    num(o.test?.sharpeRatio),
    pct(o.test?.maxDrawdown),
    o.test ? String(o.test.totalTrades) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
