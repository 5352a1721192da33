import { exportSessionCandles } from '../../backtest/live/replay-export.ts';
import { replaySession, resolveSessionLog, type ReplayReport, type SequenceCompare } from '../../backtest/live/replay-session.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { DEFAULT_SESSIONS_DIR } from '../../backtest/live/session-log.ts';
import { HELP } from '../help/replay.ts';

const sequence = (label: string, c: SequenceCompare) => `  ${label} live ${c.live}, replay ${c.replay}, hash ${c.liveHash.slice(0, 16)} ${c.liveHash === c.replayHash ? '==' : '!='} ${c.replayHash.slice(0, 16)}`;

function text(r: ReplayReport): string {
  const lines = [`Session ${r.session}: ${r.candles} candles replayed through backtest mode`, sequence('signals:', r.signals), sequence('fills:  ', r.fills)];
  lines.push(r.orderEvents ? sequence('orders: ', r.orderEvents) : '  orders:  not logged (a session log older than version 3)');
  for (const f of r.feedReports) lines.push(`  feed ${f.status}: ${f.detail}`);
  if (r.equal) lines.push('No differences: the live session and its replay are identical.');
  else {
    lines.push(`${r.differenceCount} difference(s); the first ${r.differences.length}:`);
    for (const d of r.differences) lines.push(`  ${d.kind} #${d.index}\n    live:   ${d.live ?? '(none)'}\n    replay: ${d.replay ?? '(none)'}`);
  }
  return lines.join('\n');
}

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      'sessions-dir': { type: 'string' },
      export: { type: 'string' },
      'max-diff': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one session');
    const maxDifferences = values['max-diff'] === undefined ? 10 : Number(values['max-diff']);
    if (!Number.isInteger(maxDifferences) || maxDifferences < 0) throw new UsageError(`--max-diff must be a whole number, got "${values['max-diff']}"`);
    const path = resolveSessionLog(positionals[0], values['sessions-dir'] ?? DEFAULT_SESSIONS_DIR);
    const report = await replaySession(path, { maxDifferences });
    const exported = values.export ? await exportSessionCandles(path, values.export) : [];
    if (values.json) process.stdout.write(JSON.stringify({ ...report, exported }) + '\n');
    else {
      process.stdout.write(text(report) + '\n');
      for (const e of exported) process.stdout.write(`Exported ${e.candles} ${e.symbol} ${e.timeframe} candles to ${e.path}\n`);
    }
    return report.equal ? 0 : 1;
  });
}
