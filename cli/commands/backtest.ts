import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { monteCarloTable, writeMonteCarlo, type MonteCarloReport } from '../../backtest/research/checks/monte-carlo.ts';
import { portfolioSummaryText } from '../../backtest/run/portfolio-summary.ts';
import { marginLines, plural, rejectionLines, SUMMARY_COLUMNS, summaryTable, type SummaryColumn } from '../../backtest/run/summary-table.ts';
import { benchmarkLines } from '../../backtest/run/benchmark-table.ts';
import { configWarnings } from '../../engine/config/warnings.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, dataWarnings, parseCapital, parseWorkers } from '../run-options.ts';
import { HELP } from '../help/backtest.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      ...RUN_OUTPUT_OPTIONS,
      portfolio: { type: 'string' },
      sort: { type: 'string' },
      'monte-carlo': { type: 'string' },
      seed: { type: 'string' },
      benchmark: { type: 'string' },
      workers: { type: 'string' },
    });
    if (positionals.length === 0 && !values.portfolio) throw new UsageError('give at least one strategy config file or directory, or --portfolio');
    if (positionals.length > 0 && values.portfolio) throw new UsageError('give strategy configs or --portfolio, not both');
    const data = dataRequest(values);
    const sort = (values.sort ?? 'sharpe') as SummaryColumn;
    if (!(sort in SUMMARY_COLUMNS)) throw new UsageError(`--sort must be one of ${Object.keys(SUMMARY_COLUMNS).join(', ')}`);
    const mcRuns = values['monte-carlo'] === undefined ? null : Number(values['monte-carlo']);
    if (mcRuns !== null && !(Number.isInteger(mcRuns) && mcRuns >= 1 && mcRuns <= 1_000_000)) throw new UsageError(`--monte-carlo must be a whole number from 1 to 1000000, got "${values['monte-carlo']}"`);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${values.seed}"`);
    if (values.seed !== undefined && mcRuns === null) throw new UsageError('--seed goes with --monte-carlo');
    const capital = parseCapital(values.capital);
    // 0 and 1 both mean this thread, and so does the default: each worker pays its own module imports and
    // data copy, which costs more than it saves on runs of ordinary size, so threads are asked for.
    const workers = Math.max(1, parseWorkers(values.workers) ?? 1);
    const bar = values.json ? null : new ProgressBar('backtest', 'candles');
    const job = await runBacktestJob({
      configPaths: positionals,
      portfolioPath: values.portfolio,
      data,
      capital,
      outDir: values.out,
      resultsDb: values['no-register'] ? null : values['results-db'],
      command: ['strata', 'backtest', ...argv].join(' '),
      onProgress: bar ? (n) => bar.update(n) : undefined,
      benchmark: values.benchmark,
      workers,
    });
    bar?.done(job.result.data.candles);
    const { result } = job;
    process.stderr.write(dataWarnings(job.data));
    for (const w of job.warnings) process.stderr.write(`warning: ${w}\n`);
    const threads = result.parallel;
    if (threads.reason !== null && threads.requested > 1) process.stderr.write(`note: ${threads.used} thread instead of --workers ${threads.requested}: ${threads.reason}\n`);
    for (const l of job.configs) for (const w of configWarnings(l.config)) process.stderr.write(`warning: ${l.source}: ${w}\n`);
    for (const s of result.data.series) {
      if (s.missing > 0) process.stderr.write(`warning: ${s.symbol} ${s.timeframe}: ${s.missing} missing candle(s) in ${s.gaps} gap(s); see manifest.json\n`);
    }
    const mc: MonteCarloReport | null = mcRuns === null ? null : writeMonteCarlo(job.outDir, result.strategies, mcRuns, seed);
    if (values.json) {
      const out = {
        runId: job.runId,
        outDir: job.outDir,
        strategies: result.strategies.map((s) => ({
          id: s.id,
          name: s.name,
          metrics: s.metrics,
          finalEquity: s.finalEquity,
          trades: s.trades.length,
          rejected: result.blocked.filter((b) => b.strategyId === s.id),
          benchmarks: s.benchmarks,
        })),
        portfolio: { ...result.portfolio, benchmarks: result.portfolioBenchmarks },
        ...(mc ? { monteCarlo: mc } : {}),
      };
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      process.stdout.write(`${summaryTable(result.strategies, sort)}\n\n`);
      const benchmarks = benchmarkLines(result.strategies, result.portfolioBenchmarks);
      if (benchmarks) process.stdout.write(`${benchmarks}\n\n`);
      const margin = marginLines(result.strategies);
      if (margin) process.stdout.write(`${margin}\n\n`);
      const rejected = rejectionLines(result.blocked);
      if (rejected) process.stdout.write(`${rejected}\n\n`);
      const p = result.portfolio;
      process.stdout.write(
        `Portfolio: ${plural(p.strategies, 'strategy', 'strategies')}, return ${(p.totalReturn * 100).toFixed(2)}%, max drawdown ${(p.maxDrawdown * 100).toFixed(2)}%, ${p.totalTrades} trades, fees ${p.fees.toFixed(2)}\n` +
          `${portfolioSummaryText(p, result.portfolioAnalytics.correlation.period, result.portfolioAnalytics.correlation.threshold)}\n` +
          `Data: ${result.data.candles} candles, hash ${result.data.hash}\nRun ${job.runId} written to ${job.outDir}\n`,
      );
      if (mc) process.stdout.write(`\n${monteCarloTable(mc)}\n`);
    }
    return 0;
  });
}
