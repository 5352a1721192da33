/** Help text of `strata report`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_RESULTS_DB } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata report <run-id | run folder>... --out report.html [options]

Writes ONE self-contained HTML file (inline SVG charts, CSS and JS; no external URL, opens offline): equity
curves, drawdown, prices with each strategy's signals, sortable metrics table, monthly returns, trade return
distribution, sweep heatmap for sweep runs. Two or more runs give a side-by-side comparison.

Options:
  --out FILE          output file (default report.html)
  --runs DIR          run folders (default runs)
  --results-db PATH   results database (default ${DEFAULT_RESULTS_DB})
  --points N          points per line after downsampling (default 2000)
  --json              print {"out": path, "bytes": n} instead of a sentence
  -h, --help          this help`;
