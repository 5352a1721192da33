/** Help text of `strata session`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_SESSIONS_DIR } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata session repair <session> [--sessions-dir DIR] [--json]

repair  makes a session log that fails its checks resumable. Every line of a session log carries a sequence
        number and a CRC-32; a session whose log has a damaged, edited, missing or torn line refuses to resume
        and names the line. repair keeps every line before the first bad one and moves the rest, unchanged,
        to <log>.damaged-<time> beside it (nothing is deleted). Resuming then fetches the lost candles again
        and recomputes the outputs. A session open in another process is refused.

<session> is a session name (under --sessions-dir), a session folder or its session.jsonl.

Options:
  --sessions-dir DIR  where sessions live (default ${DEFAULT_SESSIONS_DIR})
  --json              print the result as one JSON object
  -h, --help          this help

Exit codes: 0 repaired (or nothing to repair), 1 the session is open elsewhere or its header is damaged,
2 usage error.`;
