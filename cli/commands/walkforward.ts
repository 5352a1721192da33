import { gridSize } from '../../backtest/research/sweep/param-grid.ts';
import { runWalkForwardJob } from '../../backtest/research/walkforward/walkforward-job.ts';
import type { WalkForwardResult } from '../../backtest/research/walkforward/walkforward.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital, parseDuration, parseMetric, parseParams, parseWorkers } from '../run-options.ts';
import { HELP } from '../help/walkforward.ts';
import { formatPercent } from '../../engine/format.ts';
import { spanNullReason } from '../../engine/metrics/formulas.ts';

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
      `Out-of-sample (${job.result.windows.length} windows stitched, ${p.bars} bars): return ${pct(p.totalReturn)}, Sharpe ${dash(p.sharpeRatio)}, Sharpe/bar ${perBar(p.sharpePerBar)}, ` +
        `max drawdown ${pct(p.maxDrawdown)}, ${p.totalTrades} trades, win rate ${pct(p.winRate)}\n`,
    );
    const short = job.result.windows.find((o) => o.test !== null && o.test.sharpeRatio === null && o.test.sharpePerBar !== null);
    const reason = job.result.oos.annualisation.reason ?? (short ? `window ${short.plan.index}: ${spanNullReason((short.plan.testTo - short.plan.testFrom) / 86_400_000)}` : null);
    if (reason) process.stdout.write(`Sharpe –: ${reason}\n`);
    process.stdout.write(`Run ${job.runId} written to ${job.outDir}\n`);
    return 0;
  });
}

const pct = (x: number | null | undefined) => formatPercent(x, { missing: '-' });
const num = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2));
/** An annualised figure: "–" when null (a span under the minimum, said under the table). */
const dash = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(2));
const perBar = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(4));
const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T00:00', '').replace('T', ' ');

/** One line per window: ranges, chosen parameters, training score and out-of-sample figures. */
export function windowsTable(r: WalkForwardResult): string {
  const header = ['Win', 'Train', 'Test', ...r.params.map((p) => p.path), `train ${r.metric}`, 'OOS return', 'OOS Sharpe', 'OOS Sharpe/bar', 'OOS max DD', 'Trades'];
  const body = r.windows.map((o) => [
    String(o.plan.index),
    `${day(o.plan.trainFrom)}..${day(o.plan.trainTo)}`,
    `${day(o.plan.testFrom)}..${day(o.plan.testTo)}${o.plan.partial ? '*' : ''}`,
    ...r.params.map((_, k) => (o.chosen ? String(o.chosen.values[k]) : '-')),
    o.chosen?.score === null || o.chosen === null ? (o.chosen ? 'n/a (fallback)' : '-') : Number(o.chosen.score.toPrecision(6)).toString(),
    pct(o.test?.totalReturn),
    dash(o.test?.sharpeRatio),
    perBar(o.test?.sharpePerBar),
    pct(o.test?.maxDrawdown),
    o.test ? String(o.test.totalTrades) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const notes = r.windows.some((o) => o.plan.partial) ? ['* test window cut short by the end of the data'] : [];
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...notes].join('\n');
}
