/** Help text of `strata runs`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_RESULTS_DB } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata runs list [--limit N] [--json] [--results-db PATH]
       strata runs show <run-id or unique prefix> [--json] [--results-db PATH]
       strata runs reindex [--runs-dir DIR] [--results-db PATH] [--json]

Lists and shows runs registered in the results database (default ${DEFAULT_RESULTS_DB}). Readers open the
database read-only and wait (up to STRATA_DB_WAIT_MS, default 30 s) while another process writes it.

reindex rebuilds the database from the run folders under --runs-dir (default runs): each folder's
registration.json is registered again. The folders are the source of truth; a run whose registration failed
(the database stayed locked) is also registered by the next command that writes the database.`;
