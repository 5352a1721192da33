import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { monteCarloTable, writeMonteCarlo, type MonteCarloReport } from '../../backtest/research/checks/monte-carlo.ts';
import { portfolioSummaryText } from '../../backtest/run/portfolio-summary.ts';
import { SUMMARY_COLUMNS, summaryTable, type SummaryColumn } from '../../backtest/run/summary-table.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital } from '../run-options.ts';

const HELP = `Usage: strata backtest <config.json|dir>... --data <store.duckdb | candle file>... [options]
       strata backtest --portfolio <portfolio.json> --data <store.duckdb | candle file>... [options]

Runs every given strategy concurrently in one replay of the shared feed. With --portfolio, the strategies of a
portfolio config share one capital: allocation (fixed, equal or volatility weights), portfolio risk limits and
optional netting apply, and every order goes through one order management system (see examples/portfolio.json).

Options:
  --data PATH         candle store (.duckdb) or candle file(s): .json (freqtrade), .feather/.arrow, .parquet, .csv
  --symbol S          symbol of a single data file whose name does not say it (e.g. BTC/USDT)
  --timeframe T       timeframe of the data (default: from the file name or the data; store: finest that fits)
  --exchange NAME     store exchange (default "default")
  --from DATE         first open time (ISO date or epoch ms), inclusive
  --to DATE           last open time, exclusive
  --portfolio FILE    portfolio config (strategies, allocation, limits, netting) instead of config files
  --capital N         initial capital of every strategy (overrides the configs); with --portfolio, the portfolio's
  --out DIR           output folder (default runs/<timestamp>-<hash>)
  --results-db PATH   results database (default .strata/results.duckdb); --no-register to skip
  --sort COLUMN       summary order: ${Object.keys(SUMMARY_COLUMNS).join(', ')} (default sharpe)
  --json              print one JSON object to stdout and nothing else
  --strict            fail when the data had rows that were rejected
  --monte-carlo N     also resample each strategy's closed trades N times (order shuffled, and drawn with
                      replacement) and report p5/p50/p95 of max drawdown and final return (monte-carlo.json)
  --seed S            seed of the Monte Carlo resampling (default 1; same seed, same result)
  -h, --help          this help

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      ...RUN_OUTPUT_OPTIONS,
      portfolio: { type: 'string' },
      sort: { type: 'string' },
      strict: { type: 'boolean' },
      'monte-carlo': { type: 'string' },
      seed: { type: 'string' },
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
    });
    bar?.done(job.result.data.candles);
    const { result } = job;
    for (const q of job.data.quarantined) {
      process.stderr.write(`warning: ${q.file}: ${q.rows} row(s) rejected and not traded (${Object.entries(q.byReason).map(([r, n]) => `${r}: ${n}`).join(', ')})\n`);
    }
    for (const s of result.data.series) {
      if (s.missing > 0) process.stderr.write(`warning: ${s.symbol} ${s.timeframe}: ${s.missing} missing candle(s) in ${s.gaps} gap(s); see manifest.json\n`);
    }
    const mc: MonteCarloReport | null = mcRuns === null ? null : writeMonteCarlo(job.outDir, result.strategies, mcRuns, seed);
    if (values.json) {
      const out = {
        runId: job.runId,
        outDir: job.outDir,
        strategies: result.strategies.map((s) => ({ id: s.id, name: s.name, metrics: s.metrics, finalEquity: s.finalEquity, trades: s.trades.length })),
        portfolio: result.portfolio,
        ...(mc ? { monteCarlo: mc } : {}),
      };
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      process.stdout.write(`${summaryTable(result.strategies, sort)}\n\n`);
      const p = result.portfolio;
      process.stdout.write(
        `Portfolio: ${p.strategies} strategies, return ${(p.totalReturn * 100).toFixed(2)}%, max drawdown ${(p.maxDrawdown * 100).toFixed(2)}%, ${p.totalTrades} trades, fees ${p.fees.toFixed(2)}\n` +
          `${portfolioSummaryText(p, result.portfolioAnalytics.correlation.period, result.portfolioAnalytics.correlation.threshold)}\n` +
          `Data: ${result.data.candles} candles, hash ${result.data.hash}\nRun ${job.runId} written to ${job.outDir}\n`,
      );
      if (mc) process.stdout.write(`\n${monteCarloTable(mc)}\n`);
    }
    if (values.strict && job.data.quarantined.length > 0) return 1;
    return 0;
  });
}
