/** Help text of `strata data`, kept apart from the command so --help prints before its dependencies load. */
import { FORMATS } from '../../data/formats/format-names.ts';
import { DEFAULT_EXCHANGE, DEFAULT_STORE_PATH } from '../../data/store-schema.ts';
import { FUNDING_FETCH_HELP, FUNDING_IMPORT_HELP } from './data-funding.ts';
export const HELP = `Usage: strata data <subcommand> [options]

Subcommands:
  import <file>...  import candles (CSV, freqtrade JSON/Feather, Arrow, Parquet) or trades into the store;
                    with --funding, a perpetual's funding rates
  export            write one stored series to Parquet, CSV or Arrow
  list              list stored series with ranges, row counts and gaps
  synth             generate seeded synthetic candles (geometric Brownian motion)
  fetch             download candles from an exchange through ccxt; with --funding, funding-rate history
  quarantine        list the rows imports rejected: file, row number, reason and the row's text

Run \`strata data <subcommand> --help\` for its options. The store defaults to ${DEFAULT_STORE_PATH}.`;

export const IMPORT_HELP = `Usage: strata data import <file>... [options]

Reads each file, validates every row, and upserts the candles into the store (last write wins).
Bad rows go to the quarantine table with their row number and reason; nothing is dropped silently.

Options:
  --symbol S          symbol, e.g. BTC/USDT (default: from a freqtrade file name such as BTC_USDT-1m.json)
  --timeframe T       candle timeframe, e.g. 1m (default: from the file name, else the median spacing;
                      required for trades: the candle size to aggregate them into)
  --exchange NAME     exchange name in the store (default: ${DEFAULT_EXCHANGE})
  --format F          force the format: ${FORMATS.join('|')} (default: detected from content and extension)
  --store PATH        store file (default: ${DEFAULT_STORE_PATH})
  --timestamps WHEN   "open" (default) or "close": whether the file's timestamps mark each bar's open or its
                      close (backtrader's and many vendors' files); Strata keys every bar by its open time,
                      so close-stamped bars are moved back one bar. Files that look close-stamped get a note.
  --strict            refuse the import (exit 1, nothing written) if any row would be quarantined, naming them
  --market M          the series' market: crypto (default, 24/7 UTC), us_equity (NYSE sessions and holidays) or a
                      JSON file with a custom calendar; weekends, holidays and nights are then no gaps, and
                      intraday bars must open where the market's bars open (09:30, 10:30, ... New York for 1h)
  --tz ZONE           read timestamps without a UTC offset as wall-clock times of ZONE (America/New_York);
                      offsets in the file (yfinance's -05:00) are always honoured
  --adjust            back-adjust open, high, low and close by the file's Adj Close (Yahoo; ratio method);
                      without it prices are stored as given (unadjusted), and the store records which
  --fill-gaps flat    fill gaps with zero-volume candles at the previous close, flagged synthetic
  --json              print the import reports as JSON

Rows are rejected for: unparseable timestamps, NaN/Infinity, non-positive prices, negative volume, high < low,
open or close outside [low, high], times off the timeframe grid, malformed or cut-off rows, and conflicting
duplicates (same open time, other values; the later row is kept). Exact duplicate rows are counted and merged.
A file with no usable row is an error (exit 1).`;

export const QUARANTINE_HELP = `Usage: strata data quarantine [--file F] [--limit N] [--store PATH] [--json]

Lists the rows that imports rejected, by file and row number, with the reason and the row's text.

Options:
  --file F        only the rows of this imported file (path as imported, or its end: --file orcl.csv)
  --limit N       rows printed (default 100; 0 for all)
  --store PATH    store file (default: ${DEFAULT_STORE_PATH})
  --json          print {rows, total} as JSON`;

export const EXPORT_HELP = `Usage: strata data export --symbol S --timeframe T --out FILE [options]

Options:
  --symbol S, --timeframe T   the series (required)
  --exchange NAME             (default: ${DEFAULT_EXCHANGE})
  --from TIME, --to TIME      open-time window, ISO 8601 or epoch (from inclusive, to exclusive)
  --format F                  parquet|csv|arrow (default: from the --out extension)
  --out FILE                  output file (required)
  --store PATH                store file (default: ${DEFAULT_STORE_PATH})`;

export const LIST_HELP = `Usage: strata data list [--store PATH] [--json]

Lists every stored series: exchange, symbol, timeframe, first and last open time (ISO, UTC), row count and
gaps (missing expected open times for the timeframe).`;

export const SYNTH_HELP = `Usage: strata data synth [options]

Seeded geometric Brownian motion candles: the same seed gives the same bytes.

Options:
  --symbol S        (default: SYN/USDT)
  --timeframe T     (default: 1m)
  --bars N          number of candles (default: 10000)
  --seed N          PRNG seed (default: 42)
  --start TIME      first open time, ISO 8601 or epoch (default: 2024-01-01)
  --out FILE        write a .parquet, .csv or .arrow file instead of storing the candles
  --exchange NAME   exchange name in the store (default: synth)
  --store PATH      store file (default: ${DEFAULT_STORE_PATH})`;

export const FETCH_HELP = `Usage: strata data fetch --exchange ID --symbol S --timeframe T --since TIME [options]

Downloads candles through ccxt (any exchange id, e.g. binance), page by page with the exchange's rate
limit, retrying network errors with backoff. Resumes after the newest stored candle (and fetches a
missing head before the oldest one). The still-forming
candle is left out; bad rows are quarantined (source ccxt:<id>).

Options:
  --exchange ID       ccxt exchange id (required); also the exchange name in the store
  --symbol S          e.g. BTC/USDT (required)
  --timeframe T       e.g. 1h (required)
  --since TIME        first open time, ISO 8601 or epoch (required)
  --until TIME        stop before this open time (default: now)
  --limit N           candles per request (default: 1000)
  --retries N         retries per request on network errors (default: 5)
  --full              download the whole range even where the store has candles (fills holes)
  --store PATH        store file (default: ${DEFAULT_STORE_PATH})`;

/** The help of `strata data <sub> --help`, or the overview for an unknown or missing subcommand. */
export function helpFor(argv: string[]): string {
  if (argv.includes('--funding') && (argv[0] === 'fetch' || argv[0] === 'import')) return argv[0] === 'fetch' ? FUNDING_FETCH_HELP : FUNDING_IMPORT_HELP;
  const bySub: Record<string, string> = { import: IMPORT_HELP, export: EXPORT_HELP, list: LIST_HELP, synth: SYNTH_HELP, fetch: FETCH_HELP, quarantine: QUARANTINE_HELP };
  return bySub[argv[0]] ?? HELP;
}
