/** Help text of `strata sweep`, kept apart from the command so --help prints before its dependencies load. */
import { DATA_HELP, runOutputHelp } from './options.ts';
import { RANK_METRICS } from '../../backtest/run/metric-select.ts';
export const HELP = `Usage: strata sweep <config.json> --data <store.duckdb | candle file>... --param PATH=VALUES... [options]
       strata sweep ... --executor redis://host:port     (on workers started with strata worker)
       strata sweep --executor redis://host:port --resume RUN_ID

Runs every combination of a parameter grid over the same data, in parallel on worker threads, and ranks
the results. Each combination is the config deep-merged with its values and validated again; invalid
combinations (e.g. fastPeriod >= slowPeriod) are reported as skipped with their reason.

Options:
  --param PATH=VALUES  a config path and its values: start:end:step (inclusive), start:end (step 1),
                       or a list a,b,c. Repeat for more parameters; the grid is their product.
                       e.g. --param indicators.rsi.period=7:21:7 --param risk.stopLoss=0.01,0.02
  --metric NAME        rank by: ${Object.keys(RANK_METRICS).join(', ')} (default sharpe_per_bar: mean / sd of per-bar returns, present for any span; sharpe is annualised and – under 30 days)
  --workers N          worker threads (default: all cores; 0 = run in this thread)
  --top N              rows printed (default 10; the files hold all)
${DATA_HELP}
${runOutputHelp('initial capital (overrides the config)')}
  -h, --help           this help

Distributed (see backtest/DISTRIBUTED.md):
  --executor URL       run the grid as jobs on a Redis queue (redis://[:password@]host:port[/db],
                       rediss:// for TLS) for \`strata worker\` processes on any machines, instead of local
                       threads; same tables and results rows. The password may come from
                       STRATA_REDIS_PASSWORD instead; it is never printed.
  --shared-data DIR    directory every worker sees at the same path: the candles are written there as
                       Parquet (default .strata/shared-data; a single Parquet --data file is used in place)
  --batch N            combinations per job (default: about 128 jobs, at most 32 each)
  --attempts N         attempts per job before the sweep fails (default 5)
  --queue-name NAME    queue name (default strata-sweeps)
  --resume RUN_ID      collect a run whose coordinator stopped: re-queues what has no result yet
                       (config, --data and --param may be left out; if given they must match)

Writes sweep.parquet and sweep.csv (one row per combination, best first: rank, combination, status,
reason, one column per parameter, every metric; ready for a heatmap) and manifest.json, and registers
every combination in the results database (table sweep_results). With --executor, progress.json in the
run folder holds the live progress (done, rate, ETA, results per worker).

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;
