/** Help text of `strata demo`, kept apart from the command so --help prints before its dependencies load. */
export const HELP = `Usage: strata demo [--speed 50] [--port 8080] [--host 127.0.0.1] [--token T] [options]

Starts the dashboard with the bundled sample data (BTC/USDT and XRP/ETH 1m candles) replayed in accelerated
time and the example strategies running. A backtest of the same strategies runs first, so Reports has a run.

Options:
  --speed N           closed candles per second of the replay (default 50)
  --port N            port (default 8080; 0 picks a free one)
  --host H            address to bind (default 127.0.0.1; anything else needs --token)
  --token T           access token (or env STRATA_TOKEN)
  --runs DIR          run folders (default runs)
  --results-db PATH   results database (default .strata/results.duckdb)
  --data-dir DIR      where the demo's candle files are written (default .strata/demo)
  --no-backtest       skip the initial backtest
  --exit-after S      stop after S seconds (tests, recordings)
  -h, --help          this help`;
