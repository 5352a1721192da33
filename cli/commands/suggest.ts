import { runSuggest } from '../../backtest/research/suggest/suggest-job.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';

const HELP = `Usage: strata suggest <sweep-run | walkforward-run> [options]

Optimisation suggestions from a sweep or walk-forward run (a run id or unique prefix, a folder under runs/, or
a run folder path), in plain language with the numbers behind them:
  - the robust parameter region: each combination scored by the average of the metric over its grid
    neighbourhood (one step in any parameters), so a plateau wins over a lone spike;
  - parameters that do not matter: the share of the metric's variance each parameter explains on its own;
  - signs of overfitting: the deflated Sharpe ratio of the best combination for the number of combinations
    tried (Bailey & López de Prado; the best and the suggested combination are replayed to measure their
    return skewness and kurtosis), and for walk-forward runs the in-sample vs out-of-sample decay;
  - a suggested config (the centre of the robust region), written to suggested-config.json in the run folder
    next to suggest.json. The run's report shows the same.

Options:
  --runs-dir DIR       where run folders live (default runs)
  --results-db PATH    results database to look run ids up in (default .strata/results.duckdb)
  --top SHARE          the robust region: neighbourhood averages in this top share (default 0.1)
  --no-replay          do not replay for return moments (normal returns are assumed in the deflated Sharpe)
  --no-write           print only; do not write suggest.json / suggested-config.json
  --json               print the report as JSON
  -h, --help           this help

Exit codes: 0 ok, 1 unknown run or not a sweep/walk-forward run, 2 usage error.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      'runs-dir': { type: 'string' },
      'results-db': { type: 'string' },
      top: { type: 'string' },
      'no-replay': { type: 'boolean' },
      'no-write': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('give one sweep or walk-forward run');
    const top = values.top === undefined ? undefined : Number(values.top);
    if (top !== undefined && !(top > 0 && top <= 1)) throw new UsageError(`--top must be a share in (0, 1], got "${values.top}"`);
    const report = await runSuggest({
      run: positionals[0],
      runsDir: values['runs-dir'],
      resultsDb: values['results-db'],
      topShare: top,
      replay: !values['no-replay'],
      write: !values['no-write'],
    });
    if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
    else process.stdout.write(report.findings.map((f, i) => (i === 0 ? f : `- ${f}`)).join('\n') + '\n');
    return 0;
  });
}
