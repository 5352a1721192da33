import { configFiles, loadConfigs } from '../../backtest/run/load-configs.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';

const HELP = `Usage: strata validate <config.json|dir>...

Checks strategy configs against the schema and compiles their rules; prints every problem with its file
and path. Exit code 0 when all are valid, 1 otherwise.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { positionals } = parseCommandArgs(argv, {});
    if (positionals.length === 0) throw new UsageError('give at least one config file or directory');
    const files = configFiles(positionals);
    const loaded = loadConfigs(files);
    for (const l of loaded) process.stdout.write(`ok  ${l.source}  (${l.config.id ?? l.config.name ?? l.config.symbol} ${l.config.symbol} ${l.config.timeframe})\n`);
    return 0;
  });
}
