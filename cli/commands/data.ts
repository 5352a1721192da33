/**
 * `strata data`: the candle store. Subcommands import, export, list, synth, fetch; each loads its
 * dependencies (DuckDB, ccxt) only when it runs.
 */
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { isTimeframe } from '../../engine/timeframe.ts';
import { DEFAULT_EXCHANGE, DEFAULT_STORE_PATH } from '../../data/store-schema.ts';
import { FORMATS, type FormatOption } from '../../data/formats/detect.ts';
import { parseTimestamp } from '../../data/formats/time-parse.ts';
import type { Store } from '../../data/store.ts';

const HELP = `Usage: strata data <subcommand> [options]

Subcommands:
  import <file>...  import candles (CSV, freqtrade JSON/Feather, Arrow, Parquet) or trades into the store
  export            write one stored series to Parquet, CSV or Arrow
  list              list stored series with ranges, row counts and gaps
  synth             generate seeded synthetic candles (geometric Brownian motion)
  fetch             download candles from an exchange through ccxt

Run \`strata data <subcommand> --help\` for its options. The store defaults to ${DEFAULT_STORE_PATH}.`;

const IMPORT_HELP = `Usage: strata data import <file>... [options]

Reads each file, validates every row, and upserts the candles into the store (last write wins).
Bad rows go to the quarantine table with their row number and reason; nothing is dropped silently.

Options:
  --symbol S          symbol, e.g. BTC/USDT (default: from a freqtrade file name such as BTC_USDT-1m.json)
  --timeframe T       candle timeframe, e.g. 1m (default: from the file name, else the median spacing;
                      required for trades: the candle size to aggregate them into)
  --exchange NAME     exchange name in the store (default: ${DEFAULT_EXCHANGE})
  --format F          force the format: ${FORMATS.join('|')} (default: detected from content and extension)
  --store PATH        store file (default: ${DEFAULT_STORE_PATH})
  --strict            exit 1 if any row was quarantined
  --fill-gaps flat    fill gaps with zero-volume candles at the previous close, flagged synthetic
  --json              print the import reports as JSON`;

const EXPORT_HELP = `Usage: strata data export --symbol S --timeframe T --out FILE [options]

Options:
  --symbol S, --timeframe T   the series (required)
  --exchange NAME             (default: ${DEFAULT_EXCHANGE})
  --from TIME, --to TIME      open-time window, ISO 8601 or epoch (from inclusive, to exclusive)
  --format F                  parquet|csv|arrow (default: from the --out extension)
  --out FILE                  output file (required)
  --store PATH                store file (default: ${DEFAULT_STORE_PATH})`;

const LIST_HELP = `Usage: strata data list [--store PATH] [--json]

Lists every stored series: exchange, symbol, timeframe, first and last open time (ISO, UTC), row count and
gaps (missing expected open times for the timeframe).`;

const SYNTH_HELP = `Usage: strata data synth [options]

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

const FETCH_HELP = `Usage: strata data fetch --exchange ID --symbol S --timeframe T --since TIME [options]

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

function time(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const t = parseTimestamp(value);
  if (!Number.isFinite(t)) throw new UsageError(`${flag}: cannot read "${value}" as a time (use ISO 8601 such as 2024-01-01 or epoch ms)`);
  return t;
}

function int(value: string | undefined, flag: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function timeframe(value: string | undefined, flag = '--timeframe'): string | undefined {
  if (value !== undefined && !isTimeframe(value)) throw new UsageError(`${flag}: unknown timeframe "${value}" (e.g. 1m, 15m, 1h, 1d)`);
  return value;
}

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

async function withStore<T>(path: string | undefined, body: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../../data/store.ts');
  const store = await openStore(path ?? DEFAULT_STORE_PATH);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

async function importCommand(argv: string[]): Promise<number> {
  return runCommand(IMPORT_HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      exchange: { type: 'string' },
      format: { type: 'string' },
      store: { type: 'string' },
      strict: { type: 'boolean' },
      'fill-gaps': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('give at least one file to import');
    const format = values.format as FormatOption | undefined;
    if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const fill = values['fill-gaps'];
    if (fill !== undefined && fill !== 'flat') throw new UsageError('--fill-gaps supports only "flat"');
    const { importFile, MissingOptionError } = await import('../../data/import.ts');
    const { formatImportReport } = await import('../../data/report.ts');
    const opts = { symbol: values.symbol, timeframe: timeframe(values.timeframe), exchange: values.exchange, format, fillGaps: fill as 'flat' | undefined };
    let quarantined = 0;
    const reports = await withStore(values.store, async (store) => {
      const out = [];
      for (const file of positionals) {
        try {
          const report = await importFile(store, file, opts);
          quarantined += report.quarantined;
          if (!values.json) process.stdout.write(formatImportReport(report) + '\n');
          out.push(report);
        } catch (err) {
          if (err instanceof MissingOptionError) throw new UsageError(`${file}: ${err.message}`);
          throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
        }
      }
      return out;
    });
    if (values.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
    if (values.strict && quarantined > 0) {
      process.stderr.write(`strict: ${quarantined} row(s) quarantined (see the quarantine table)\n`);
      return 1;
    }
    return 0;
  });
}

async function exportCommand(argv: string[]): Promise<number> {
  return runCommand(EXPORT_HELP, argv, async () => {
    const { values } = parseCommandArgs(
      argv,
      {
        symbol: { type: 'string' },
        timeframe: { type: 'string' },
        exchange: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        store: { type: 'string' },
      },
      false,
    );
    const out = required(values.out, '--out');
    const { EXPORT_FORMATS, formatFromPath } = await import('../../data/write-file.ts');
    const format = (values.format ?? formatFromPath(out)) as (typeof EXPORT_FORMATS)[number] | null;
    if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (or use a .parquet/.csv/.arrow --out)`);
    const series = {
      exchange: values.exchange ?? DEFAULT_EXCHANGE,
      symbol: required(values.symbol, '--symbol'),
      timeframe: required(timeframe(values.timeframe), '--timeframe'),
    };
    const range = { from: time(values.from, '--from'), to: time(values.to, '--to') };
    const { exportSeries } = await import('../../data/export.ts');
    const rows = await withStore(values.store, (store) => exportSeries(store, series, out, format, range));
    if (rows === 0) {
      process.stderr.write(`no candles for ${series.exchange} ${series.symbol} ${series.timeframe} in that range (see \`strata data list\`)\n`);
      return 1;
    }
    process.stdout.write(`wrote ${rows} candles to ${out} (${format})\n`);
    return 0;
  });
}

async function listCommand(argv: string[]): Promise<number> {
  return runCommand(LIST_HELP, argv, async () => {
    const { values } = parseCommandArgs(argv, { store: { type: 'string' }, json: { type: 'boolean' } }, false);
    const { listSeries } = await import('../../data/series.ts');
    const { formatSeriesTable, seriesJson } = await import('../../data/report.ts');
    const list = await withStore(values.store, (store) => listSeries(store));
    process.stdout.write((values.json ? JSON.stringify(list.map(seriesJson), null, 2) : formatSeriesTable(list)) + '\n');
    return 0;
  });
}

async function synthCommand(argv: string[]): Promise<number> {
  return runCommand(SYNTH_HELP, argv, async () => {
    const { values } = parseCommandArgs(
      argv,
      {
        symbol: { type: 'string' },
        timeframe: { type: 'string' },
        bars: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        out: { type: 'string' },
        exchange: { type: 'string' },
        store: { type: 'string' },
      },
      false,
    );
    const tf = timeframe(values.timeframe) ?? '1m';
    const opts = { bars: int(values.bars, '--bars', 10_000, 1), seed: int(values.seed, '--seed', 42), timeframe: tf, start: time(values.start, '--start') };
    const { synthCandles } = await import('../../data/synth.ts');
    const candles = synthCandles(opts);
    if (values.out) {
      const { formatFromPath, writeCandlesFile } = await import('../../data/write-file.ts');
      const format = formatFromPath(values.out);
      if (!format) throw new UsageError('--out must end in .parquet, .csv or .arrow');
      await writeCandlesFile(candles, values.out, format);
      process.stdout.write(`wrote ${candles.length} candles to ${values.out}\n`);
      return 0;
    }
    const series = { exchange: values.exchange ?? 'synth', symbol: values.symbol ?? 'SYN/USDT', timeframe: tf };
    const { upsertCandles } = await import('../../data/store-write.ts');
    const { inTransaction } = await import('../../data/store.ts');
    await withStore(values.store, (store) => inTransaction(store, () => upsertCandles(store, series, candles)));
    process.stdout.write(`stored ${candles.length} candles as ${series.exchange} ${series.symbol} ${series.timeframe}\n`);
    return 0;
  });
}

async function fetchCommand(argv: string[]): Promise<number> {
  return runCommand(FETCH_HELP, argv, async () => {
    const { values } = parseCommandArgs(
      argv,
      {
        exchange: { type: 'string' },
        symbol: { type: 'string' },
        timeframe: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        retries: { type: 'string' },
        full: { type: 'boolean' },
        store: { type: 'string' },
      },
      false,
    );
    const exchange = required(values.exchange, '--exchange');
    const symbol = required(values.symbol, '--symbol');
    const tf = required(timeframe(values.timeframe), '--timeframe');
    const since = required(time(values.since, '--since'), '--since');
    const { fetchCandles, createExchange } = await import('../../data/fetch.ts');
    const { formatFetchReport, iso } = await import('../../data/report.ts');
    let ex;
    try {
      ex = createExchange(exchange);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const tty = process.stderr.isTTY === true;
    const report = await withStore(values.store, (store) =>
      fetchCandles({
        exchange: ex,
        symbol,
        timeframe: tf,
        since,
        until: time(values.until, '--until'),
        store,
        pageLimit: int(values.limit, '--limit', 1000, 1),
        maxRetries: int(values.retries, '--retries', 5),
        resume: !values.full,
        onProgress: tty ? (p) => process.stderr.write(`\r${symbol} ${tf}: ${p.candles} candles, up to ${iso(p.reached)} (${p.pages} pages)   `) : undefined,
      }),
    );
    if (tty) process.stderr.write('\n');
    process.stdout.write(formatFetchReport(report) + '\n');
    return 0;
  });
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  import: importCommand,
  export: exportCommand,
  list: listCommand,
  synth: synthCommand,
  fetch: fetchCommand,
};

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP + '\n');
    return sub ? 0 : 2;
  }
  const command = SUBCOMMANDS[sub];
  if (!command) {
    process.stderr.write(`strata data: unknown subcommand "${sub}"\n\n${HELP}\n`);
    return 2;
  }
  return command(rest);
}
