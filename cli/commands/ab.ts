import { runAbJob } from '../../backtest/research/ab/ab-job.ts';
import { abSummaryText } from '../../backtest/research/ab/ab-text.ts';
import { isPeriod } from '../../backtest/research/ab/periods.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital } from '../run-options.ts';

const HELP = `Usage: strata ab <configA.json> <configB.json> [more configs...] --data <store.duckdb | candle file>... [options]
       strata ab --session NAME <strategyA> <strategyB> [more strategy ids...] [options]

A/B test: runs the variants side by side in one replay of the same feed, each with its own capital, and tests
whether B (and C, ...) differ from A on paired per-period returns: paired t-test (decides), sign test and
Wilcoxon signed-rank test, a seeded bootstrap confidence interval of the Sharpe difference, and the number of
periods the test needs for the observed effect at 80% power. Prints a plain-language verdict per variant
("B better with 95% confidence", "B worse with 95% confidence", "no significant difference", "not enough data
yet: need ~N more periods") and writes the run folder with ab.json; the run is registered as kind "ab".

With --session, the strategies are ones running side by side in a paper session: its log is replayed in
backtest mode and the live part (after its warm-up) is compared the same way; ab.json goes into the session
folder (or --out FILE).

Options:
  --data PATH         candle store (.duckdb) or candle file(s)
  --symbol S          symbol of a single data file whose name does not say it
  --timeframe T       timeframe of the data
  --exchange NAME     store exchange (default "default")
  --from DATE         first open time (ISO date or epoch ms), inclusive
  --to DATE           last open time, exclusive
  --period P          return period: bar, or a timeframe such as 1h, 1d, 1w (default 1d)
  --alpha A           significance level, family-wise over the variants (default 0.05)
  --power P           power for the sample-size estimate (default 0.8)
  --seed S            bootstrap seed (default 1)
  --resamples N       bootstrap resamples (default 2000)
  --capital N         initial capital of every variant (overrides the configs)
  --out DIR           output folder (default runs/<timestamp>-<hash>); with --session, the ab.json file
  --session NAME      compare strategies of this paper session (positionals are strategy ids)
  --sessions-dir DIR  where sessions live (default .strata/sessions)
  --results-db PATH   results database (default .strata/results.duckdb); --no-register to skip
  --json              print ab.json to stdout and nothing else
  -h, --help          this help

Exit codes: 0 ok (whatever the verdict), 1 bad config or data, 2 usage error.`;

function fraction(name: string, text: string | undefined, dflt: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!(n > 0 && n < 1)) throw new UsageError(`--${name} must be a number between 0 and 1, got "${text}"`);
  return n;
}

function whole(name: string, text: string | undefined, dflt: number, min: number, max: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      period: { type: 'string' },
      alpha: { type: 'string' },
      power: { type: 'string' },
      seed: { type: 'string' },
      resamples: { type: 'string' },
      ...RUN_OUTPUT_OPTIONS,
      session: { type: 'string' },
      'sessions-dir': { type: 'string' },
    });
    if (positionals.length < 2) throw new UsageError(values.session ? 'give at least two strategy ids of the session (A, then B, ...)' : 'give at least two strategy configs (A, then B, ...)');
    const period = values.period ?? '1d';
    if (!isPeriod(period)) throw new UsageError(`--period must be bar or a timeframe such as 1h, 1d, 1w, got "${period}"`);
    if (values.session) {
      const { sessionAb } = await import('../../backtest/research/ab/session-ab.ts');
      const doc = await sessionAb({
        sessionsDir: values['sessions-dir'] ?? '.strata/sessions',
        session: values.session,
        strategies: positionals,
        period,
        alpha: fraction('alpha', values.alpha, 0.05),
        power: fraction('power', values.power, 0.8),
        seed: whole('seed', values.seed, 1, 0, 0xffffffff),
        resamples: whole('resamples', values.resamples, 2000, 100, 1_000_000),
        out: values.out,
      });
      process.stdout.write(values.json ? JSON.stringify(doc) + '\n' : `${abSummaryText(doc)}\n`);
      return 0;
    }
    const bar = values.json ? null : new ProgressBar('ab', 'candles');
    const job = await runAbJob({
      configPaths: positionals,
      data: dataRequest(values),
      period,
      alpha: fraction('alpha', values.alpha, 0.05),
      power: fraction('power', values.power, 0.8),
      seed: whole('seed', values.seed, 1, 0, 0xffffffff),
      resamples: whole('resamples', values.resamples, 2000, 100, 1_000_000),
      capital: parseCapital(values.capital),
      outDir: values.out,
      resultsDb: values['no-register'] ? null : values['results-db'],
      command: ['strata', 'ab', ...argv].join(' '),
      onProgress: bar ? (n) => bar.update(n) : undefined,
    });
    bar?.done(job.result.data.candles);
    if (values.json) process.stdout.write(JSON.stringify(job.doc) + '\n');
    else process.stdout.write(`${abSummaryText(job.doc)}\n\nRun ${job.runId} written to ${job.outDir}\n`);
    return 0;
  });
}
