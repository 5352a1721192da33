/** Help text of `strata walkforward`, kept apart from the command so --help prints before its dependencies load. */
import { DATA_HELP, runOutputHelp } from './options.ts';
import { RANK_METRICS } from '../../backtest/run/metric-select.ts';
export const HELP = `Usage: strata walkforward <config.json> --data <store.duckdb | candle file>... --param PATH=VALUES...
                         --train DURATION --test DURATION [options]

Walk-forward optimisation: rolling windows over the data. On each training window every combination of
the grid runs and the best by --metric is chosen; the winner then trades the test window that follows.
The out-of-sample test windows are stitched into one equity curve and measured.

Conventions: a test replay starts at its training window's start so indicators are warm, but may open
positions only from the test window on; a position still open when the test window ends is closed at its
last close (end_of_data, fees charged); only test-window bars count. Training runs start cold at the
training window start. Windows move on by --step (default: --test), so test windows tile the data.

Options:
  --train DURATION     training window length, e.g. 180d (units s, m, h, d, w)
  --test DURATION      test window length, e.g. 30d
  --step DURATION      how far each window moves on (default: --test)
  --param PATH=VALUES  as for strata sweep: start:end:step, start:end, or a,b,c; repeatable
  --metric NAME        optimise: ${Object.keys(RANK_METRICS).join(', ')} (default sharpe_per_bar: mean / sd of per-bar returns, present for any span; sharpe is annualised and – under 30 days)
  --workers N          worker threads (default: all cores; 0 = run in this thread)
${DATA_HELP}
${runOutputHelp('initial capital (overrides the config)')}
  -h, --help           this help

Writes walkforward.json (windows, chosen parameters, test metrics, stitched OOS metrics), windows.csv and
.parquet, oos-equity.parquet, oos-trades.csv and .parquet, train-results.parquet and manifest.json.

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;
