import { startDemo } from '../../web/demo/demo.ts';
import { parseCommandArgs, runCommand } from '../args.ts';
import { numberOption, stayUp, tokenOption } from './serve-common.ts';
import { HELP } from '../help/demo.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values } = parseCommandArgs(argv, {
      speed: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      runs: { type: 'string' },
      'results-db': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-backtest': { type: 'boolean' },
      'exit-after': { type: 'string' },
    }, false);
    const token = tokenOption(values.token, values.host);
    const demo = await startDemo({
      speed: numberOption('speed', values.speed, 50, (n) => n > 0 && n <= 1_000_000),
      port: numberOption('port', values.port, 8080, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
      host: values.host,
      token,
      runsDir: values.runs,
      resultsDb: values['results-db'],
      dataDir: values['data-dir'],
      backtest: !values['no-backtest'],
    });
    process.stdout.write(
      `Strata demo: ${demo.strategies.length} strategies (${demo.strategies.join(', ')}) on a replay at ${values.speed ?? 50} candles/s\n` +
        `Dashboard: ${demo.server.url}/\nReports:   ${demo.server.url}/reports${demo.runId ? `/${demo.runId}` : ''}\nPress Ctrl-C to stop.\n`,
    );
    const exitAfter = values['exit-after'] === undefined ? null : numberOption('exit-after', values['exit-after'], 0, (n) => n > 0);
    await stayUp(exitAfter, demo.close);
    return 0;
  });
}
