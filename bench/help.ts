/** `strata bench --help`: the text alone, so it prints without loading the suites (DuckDB, tinybench, trading-signals). */
import { SUITE_NAMES } from './suites/names.ts';

export const HELP = `Usage: strata bench [options]   (npm run bench | bench:check | bench:baseline)

Runs the benchmark suites (${SUITE_NAMES.join(', ')}), each in its own Node process,
writes bench/results/<suite>.json and prints a table per suite.

Options:
  --quick             quick mode (under 3 minutes in all; what the gate uses)
  --check             compare with bench/baseline.json; exit 1 naming any figure that regressed
                      by more than the tolerance; floors from the issues are reported with their margin
  --write-baseline    rewrite bench/baseline.json from this run and append it to bench/history/
  --record            append this run to bench/history/ (without touching the baseline)
  --repeat N          run every suite N times and keep each figure's median (steadier baselines)
  --suite NAME        run only this suite (repeatable)
  --tolerance X       override the gate tolerance (fraction, e.g. 0.3)
  --enforce-floors    a missed floor fails the gate too (default: reported, not fatal)
  --in-process        run suites in this process instead of one child process each
  -h, --help          this help
`;
