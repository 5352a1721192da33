import { runAbJob } from '../../backtest/research/ab/ab-job.ts';
import { abSummaryText } from '../../backtest/research/ab/ab-text.ts';
import { isPeriod } from '../../backtest/research/ab/periods.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital } from '../run-options.ts';
import { HELP } from '../help/ab.ts';

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
