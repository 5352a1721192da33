/** Help text of `strata replay`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_SESSIONS_DIR } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata replay <session> [--sessions-dir DIR] [--export FILE] [--json]

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
