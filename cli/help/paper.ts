/** Help text of `strata paper`, kept apart from the command so --help prints before its dependencies load. */
import { DEFAULT_SESSIONS_DIR } from '../../backtest/records/paths.ts';
export const HELP = `Usage: strata paper <config.json|dir>... [--exchange binance] [--session NAME] [options]
       strata paper --session NAME            (resume a session after a stop or a crash)

Paper-trades strategies on a live exchange feed with the same engine, configs and execution model as
\`strata backtest\` (the simulated venue fills orders with each config's fee, slippage and fill policy against
the live candles). Indicators are warmed up with history fetched over REST; until the first live candle, and
while the feed is stale or reconnecting, new entries are blocked (exits and stops still run).

Every candle, feed status, signal, order, fill and control action is appended to the session log
<sessions-dir>/<NAME>/session.jsonl before it takes effect. Starting again with the same --session rebuilds
the state from the log and continues where it stopped; \`strata replay NAME\` checks the session against a
backtest over the recorded candles.

Options:
  --exchange ID        ccxt exchange id with a live (ccxt.pro) client (default binance)
  --symbols LIST       run every config on these symbols (comma-separated, e.g. BTC/USDT,ETH/USDT) instead of its own
  --session NAME       session name (default paper-<UTC timestamp>); an existing one is resumed
  --sessions-dir DIR   where sessions live (default ${DEFAULT_SESSIONS_DIR})
  --warmup BARS        warm-up: at least BARS bars of every series a strategy reads, more where its
                       indicators and rules need more (default 300; 0: none)
  --live-from DATE     trade from the first candle closing after this (default now); earlier ones are warm-up
  --until DATE         end the session at this candle open time (ISO date or epoch ms)
  --stale-after MS     mark the feed stale after this long without a message (default 1.5 candle lengths)
  --serve              also start the web dashboard and API on this session (start/stop/pause work on it)
  --port N             dashboard port with --serve (default 8080)
  --json               print signals, fills and feed statuses as JSON lines, and the summary as JSON
  --quiet              print only the summary
  --exchange-url URL   testing option: talk to this host instead of the exchange (REST at URL, stream at
                       ws://HOST/ws), e.g. the fake exchange of the test suite on http://127.0.0.1:PORT
  -h, --help           this help

Stop with Ctrl-C (SIGINT/SIGTERM): the log is flushed and the session can be resumed.
Exit codes: 0 ok, 1 error, 2 usage error.`;
