import { exportSessionCandles } from '../../backtest/live/replay-export.ts';
import { replaySession, resolveSessionLog, type ReplayReport } from '../../backtest/live/replay-session.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { DEFAULT_SESSIONS_DIR } from '../../backtest/live/session-log.ts';

const HELP = `Usage: strata replay <session> [--sessions-dir DIR] [--export FILE] [--json]

Replays the candles a paper session recorded (with its feed statuses and control actions) through backtest
mode, a BacktestClock and an in-memory feed, and compares the signals and fills with those the live session
logged. A clean session gives zero differences and equal hashes: live and backtest are one engine.

<session> is a session name (under --sessions-dir), a session folder or its session.jsonl.

Options:
  --sessions-dir DIR  where sessions live (default ${DEFAULT_SESSIONS_DIR})
  --export FILE       also write the recorded candles as a data set for backtests (.parquet, .csv or .arrow;
                      one file per series, suffixed -SYMBOL-TF, when the session has several)
  --max-diff N        differences to list (default 10)
  --json              print the report as one JSON object
  -h, --help          this help

Exit codes: 0 no differences, 1 differences (the first few are listed) or an error, 2 usage error.`;

function text(r: ReplayReport): string {
  const lines = [
    `Session ${r.session}: ${r.candles} candles replayed through backtest mode`,
    `  signals: live ${r.signals.live}, replay ${r.signals.replay}, hash ${r.signals.liveHash.slice(0, 16)} ${r.signals.liveHash === r.signals.replayHash ? '==' : '!='} ${r.signals.replayHash.slice(0, 16)}`,
    `  fills:   live ${r.fills.live}, replay ${r.fills.replay}, hash ${r.fills.liveHash.slice(0, 16)} ${r.fills.liveHash === r.fills.replayHash ? '==' : '!='} ${r.fills.replayHash.slice(0, 16)}`,
  ];
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
