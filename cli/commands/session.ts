import { repairSessionLog } from '../../backtest/live/session-repair.ts';
import { resolveSessionLog } from '../../backtest/live/replay-session.ts';
import { DEFAULT_SESSIONS_DIR } from '../../backtest/live/session-log.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { HELP } from '../help/session.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, { 'sessions-dir': { type: 'string' }, json: { type: 'boolean' } });
    const [sub, name, ...rest] = positionals;
    if (sub !== 'repair') throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'give a subcommand: repair');
    if (!name || rest.length > 0) throw new UsageError('give exactly one session');
    const path = resolveSessionLog(name, values['sessions-dir'] ?? DEFAULT_SESSIONS_DIR);
    const r = await repairSessionLog(path);
    if (values.json) process.stdout.write(JSON.stringify({ path, ...r }) + '\n');
    else if (!r.failure) process.stdout.write(`${path}: all ${r.kept} lines are valid; nothing to repair\n`);
    else process.stdout.write(`${path}:${r.failure.line}: ${r.failure.reason}\nKept lines 1-${r.kept}; moved ${r.movedBytes} bytes from line ${r.failure.line} on to ${r.sidePath}\n`);
    return 0;
  });
}
