/** Help text of `strata serve`, kept apart from the command so --help prints before its dependencies load. */
export const HELP = `Usage: strata serve [config.json...] [--port 8080] [--host 127.0.0.1] [--token T] [options]

Serves the API (/api/v1, OpenAPI at /api/v1/openapi.json), the reports of recorded runs (/reports) and the
live dashboard (/), with engine events on the WebSocket /ws. With --data, the engine replays those candle
files in accelerated time and the given configs start on it; more strategies can be started from the dashboard.

Options:
  --port N            port (default 8080; 0 picks a free one)
  --host H            address to bind (default 127.0.0.1; any other address requires --token)
  --token T           access token for every request and WebSocket (or env STRATA_TOKEN)
  --runs DIR          run folders (default runs)
  --results-db PATH   results database (default .strata/results.duckdb)
  --data FILE         candle file(s) to replay (.json, .feather, .parquet, .csv); repeatable
  --symbol S          symbol of a single data file whose name does not say it
  --speed N           closed candles per second of the replay (default 50)
  --loop              replay the data again and again (times shifted forward)
  --exit-after S      stop after S seconds
  -h, --help          this help`;
