/** Help text of `strata strategies`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_SESSIONS_DIR } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata strategies list
       strata strategies history <id> [--session NAME]
       strata strategies show <version>
       strata strategies diff <v1> <v2>
       strata strategies rollback <id> <version> [--session NAME] [--note TEXT]

Strategy versions: every config that is started, edited (API, dashboard, updateConfig), rolled back or
backtested is stored as an immutable version (sha256 of its canonical JSON, parent, note, author, time) in
the results database.

A version is a hash prefix (4+ characters, as shown), <id>@<number>, <id>@current or <id>@previous; after
<id>, a bare number or prefix is looked up among that strategy's versions.

  list        strategies with versions
  history     versions of a strategy and every switch between them; with --session, the signals, fills and
              P&L of that paper session split by version
  show        a version's config (JSON)
  diff        parameter differences, one path per line: old → new
  rollback    switch to a version. With --session, a running paper session switches the strategy at its next
              candle (its indicators rebuilt by replaying its buffer; position and metrics kept) and logs the
              switch in the session log; a session that is not running applies it when resumed. Without
              --session the switch is recorded in the store (and --out writes the config file).

Options:
  --results-db PATH    results database (default .strata/results.duckdb; with --sessions-dir DIR,
                       DIR/results.duckdb, where sessions kept there record their versions)
  --session NAME       paper session (history, rollback)
  --sessions-dir DIR   where sessions live (default ${DEFAULT_SESSIONS_DIR})
  --note TEXT          why (rollback)
  --author NAME        who (rollback; default $USER)
  --wait SECONDS       how long rollback waits for the session to confirm (default 10)
  --out FILE           rollback without --session: write the version's config to FILE
  --json               machine-readable output
  -h, --help           this help

Exit codes: 0 ok, 1 unknown strategy or version, or the session refused, 2 usage error.`;
