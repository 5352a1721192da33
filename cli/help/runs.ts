/** Help text of `strata runs`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_RESULTS_DB } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata runs list [--limit N] [--json] [--results-db PATH]
       strata runs show <run-id or unique prefix> [--json] [--results-db PATH]

Lists and shows runs registered in the results database (default ${DEFAULT_RESULTS_DB}).`;
