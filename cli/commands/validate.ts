import { configFiles, loadConfigs } from '../../backtest/run/load-configs.ts';
import { configWarnings } from '../../engine/config/warnings.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { HELP } from '../help/validate.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { positionals } = parseCommandArgs(argv, {});
    if (positionals.length === 0) throw new UsageError('give at least one config file or directory');
    const files = configFiles(positionals);
    const loaded = loadConfigs(files);
    for (const l of loaded) {
      process.stdout.write(`ok  ${l.source}  (${l.config.id ?? l.config.name ?? l.config.symbol} ${l.config.symbol} ${l.config.timeframe})\n`);
      for (const w of configWarnings(l.config)) process.stdout.write(`    warning: ${w}\n`);
    }
    return 0;
  });
}
