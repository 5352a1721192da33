/** Help text of `strata backtest`, kept apart from the command so --help prints before its dependencies load. */
import { DATA_HELP } from './options.ts';
import { SUMMARY_COLUMNS } from '../../backtest/run/summary-table.ts';
export const HELP = `Usage: strata backtest <config.json|dir>... --data <store.duckdb | candle file>... [options]
       strata backtest --portfolio <portfolio.json> --data <store.duckdb | candle file>... [options]

Runs every given strategy concurrently in one replay of the shared feed. With --portfolio, the strategies of a
portfolio config share one capital: allocation (fixed, equal or volatility weights), portfolio risk limits and
optional netting apply, and every order goes through one order management system (see examples/portfolio.json).

Options:
${DATA_HELP}
  --portfolio FILE    portfolio config (strategies, allocation, limits, netting) instead of config files
  --capital N         initial capital of every strategy (overrides the configs); with --portfolio, the capital
                      of the whole portfolio, split by its allocation
  --out DIR           output folder (default runs/<timestamp>-<hash>)
  --results-db PATH   results database (default .strata/results.duckdb); --no-register to skip
  --benchmark B       also measure every strategy and the portfolio against B: a candle file (FILE=NAME to name
                      it) or a symbol in the --data store (e.g. SPY); buy-and-hold of each traded symbol always
  --sort COLUMN       summary order: ${Object.keys(SUMMARY_COLUMNS).join(', ')} (default sharpe)
  --workers N         worker threads the strategies are split over, in contiguous groups, each replaying the
                      candles from shared memory (default 1 = this thread; 0 is 1 too); the run folder is
                      the same whatever N. Portfolio mode, funding events and strategies sharing an id run on
                      one thread, and say why (stderr and manifest.json "workers")
  --json              print one JSON object to stdout and nothing else
  --monte-carlo N     also resample each strategy's closed trades N times (order shuffled, and drawn with
                      replacement) and report p5/p50/p95 of max drawdown and final return (monte-carlo.json)
  --seed S            seed of the Monte Carlo resampling (default 1; same seed, same result)
  -h, --help          this help

Exit codes: 0 ok, 1 bad config or data, 2 usage error.`;
