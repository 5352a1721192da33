/**
 * `strata data`: the candle store. Subcommands import, export, list, synth, fetch; each loads its
 * dependencies (DuckDB, ccxt) only when it runs.
 */
import { accessSync, constants } from 'node:fs';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import type { ImportOptions } from '../../data/import-types.ts';
import { withStore } from './with-store.ts';
import type { ImportRefusal } from '../../data/report.ts';
import { required, time } from './data-args.ts';
import { isTimeframe } from '../../engine/timeframe.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { FORMATS, type FormatOption } from '../../data/formats/detect.ts';
import { parseTimestampsOption } from '../run-options.ts';
import { parseMarketOption } from '../market-option.ts';
import { fundingFetchCommand, fundingImportCommand } from './data-funding.ts';
import { quarantineCommand } from './data-quarantine.ts';
import { HELP, IMPORT_HELP, EXPORT_HELP, LIST_HELP, SYNTH_HELP, FETCH_HELP } from '../help/data.ts';

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

async function importCommand(argv: string[]): Promise<number> {
  if (argv.includes('--funding')) return fundingImportCommand(argv.filter((a) => a !== '--funding'));
  return runCommand(IMPORT_HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      exchange: { type: 'string' },
      format: { type: 'string' },
      store: { type: 'string' },
      strict: { type: 'boolean' },
      timestamps: { type: 'string' },
      'fill-gaps': { type: 'string' },
      tz: { type: 'string' },
      market: { type: 'string' },
      adjust: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('give at least one file to import');
    const market = values.market === undefined ? undefined : parseMarketOption(values.market);
    const format = values.format as FormatOption | undefined;
    if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const fill = values['fill-gaps'];
    if (fill !== undefined && fill !== 'flat') throw new UsageError('--fill-gaps supports only "flat"');
    const { loadFile, storeLoaded, MissingOptionError } = await import('../../data/import.ts');
    const { formatImportReport, importRefusal } = await import('../../data/report.ts');
    const opts = {
      symbol: values.symbol,
      timeframe: timeframe(values.timeframe),
      exchange: values.exchange,
      format,
      fillGaps: fill as 'flat' | undefined,
      timestamps: parseTimestampsOption(values.timestamps),
      tz: values.tz,
      market,
      adjust: values.adjust === true,
    };
    if (positionals.length === 1) return importOne(positionals[0], opts, values.store, values.strict === true, values.json === true);
    // Every file is read and checked before anything is written, so --strict and an unusable file stop the
    // import with the store as it was.
    const loaded: Awaited<ReturnType<typeof loadFile>>[] = [];
    for (const file of positionals) {
      try {
        loaded.push(await loadFile(file, opts));
      } catch (err) {
        if (err instanceof MissingOptionError) throw new UsageError(`${file}: ${err.message}`);
        throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
      }
    }
    const refusal = importRefusal(
      loaded.map((l) => l.report),
      values.strict === true,
    );
    if (refusal) return refuse(refusal);
    await withStore(values.store, async (store) => {
      for (const l of loaded) await storeLoaded(store, l);
    });
    if (values.json) process.stdout.write(JSON.stringify(loaded.map((l) => l.report), null, 2) + '\n');
    else for (const l of loaded) process.stdout.write(formatImportReport(l.report) + '\n');
    return 0;
  });
}

/** Thrown from inside the import's transaction so that a refused file rolls it back. */
class ImportRefused extends Error {
  constructor(readonly refusal: ImportRefusal) {
    super(refusal.message);
  }
}

/** A file with no usable row is an error; quarantined rows under --strict are a refusal with exit code 1. */
function refuse(refusal: ImportRefusal): number {
  if (refusal.why === 'no usable row') throw new Error(refusal.message);
  process.stderr.write(`${refusal.message}\n`);
  return 1;
}

/**
 * One file through importFile, which reads CSV, Parquet and JSON arrays with DuckDB's own readers (data/import-sql.ts) and
 * everything else on the JS path. The refusals are checked on the report before the import commits, so a
 * refused file leaves the store as it was, as for several files.
 */
async function importOne(file: string, opts: ImportOptions, store: string | undefined, strict: boolean, json: boolean): Promise<number> {
  const { importFile, MissingOptionError } = await import('../../data/import.ts');
  const { formatImportReport, importRefusal } = await import('../../data/report.ts');
  try {
    // A file that cannot be read stops here, before a store is opened (or created).
    accessSync(file, constants.R_OK);
    const report = await withStore(store, (s) =>
      importFile(s, file, opts, (r) => {
        const refusal = importRefusal([r], strict);
        if (refusal) throw new ImportRefused(refusal);
      }),
    );
    process.stdout.write(json ? JSON.stringify([report], null, 2) + '\n' : formatImportReport(report) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof ImportRefused) return refuse(err.refusal);
    if (err instanceof MissingOptionError) throw new UsageError(`${file}: ${(err as Error).message}`);
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
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
  if (argv.includes('--funding')) return fundingFetchCommand(argv.filter((a) => a !== '--funding'));
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
  quarantine: quarantineCommand,
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
    return 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command) {
    process.stderr.write(`strata data: unknown subcommand "${sub}"\n\n${HELP}\n`);
    return 2;
  }
  return command(rest);
}
