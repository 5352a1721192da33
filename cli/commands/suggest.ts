import { runSuggest } from '../../backtest/research/suggest/suggest-job.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { HELP } from '../help/suggest.ts';

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
