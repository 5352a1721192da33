import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { normName } from '../formats/raw.ts';
import { parseTimestamp } from '../formats/time-parse.ts';
import { appendQuarantine, type QuarantineRow } from '../store-write.ts';
import { inTransaction, type Store } from '../store.ts';
import { fundingGaps, validateFunding, type FundingGaps } from './funding-check.ts';
import { upsertFunding, type FundingRow } from './funding-store.ts';

const TIME_NAMES = ['fundingtime', 'time', 'timestamp', 'datetime', 'date', 'calctime'];
// freqtrade's funding_rate files are candles whose `open` is the rate.
const RATE_NAMES = ['fundingrate', 'rate', 'lastfundingrate', 'open'];

/** Rows of a funding file, each with its 1-based data row number (the header is not a row) and its raw text. */
interface RawFunding {
  readonly rows: FundingRow[];
  readonly numbers: number[];
  readonly raw: string[];
}

function pick(names: readonly string[], wanted: readonly string[], file: string, what: string): number {
  const norm = names.map(normName);
  for (const w of wanted) {
    const i = norm.indexOf(w);
    if (i >= 0) return i;
  }
  throw new Error(`${file}: no ${what} column (looked for ${wanted.join(', ')}; the file has ${names.join(', ')})`);
}

/** CSV with a header (comma, semicolon or tab). */
function readCsvFunding(text: string, file: string): RawFunding {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  const h = lines.findIndex((l) => l.trim() !== '');
  if (h < 0) throw new Error(`${file}: empty file`);
  const delim = [',', ';', '\t'].find((d) => lines[h].includes(d)) ?? ',';
  const names = lines[h].split(delim).map((s) => s.trim().replace(/^"|"$/g, ''));
  const ti = pick(names, TIME_NAMES, file, 'funding time');
  const ri = pick(names, RATE_NAMES, file, 'rate');
  const out: RawFunding = { rows: [], numbers: [], raw: [] };
  for (let i = h + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(delim).map((s) => s.trim().replace(/^"|"$/g, ''));
    out.rows.push({ time: parseTimestamp(cells[ti] ?? ''), rate: cells[ri] === undefined || cells[ri] === '' ? Number.NaN : Number(cells[ri]) });
    out.numbers.push(i - h);
    out.raw.push(lines[i]);
  }
  return out;
}

/** A JSON array of objects (Binance's and ccxt's shapes: fundingTime/timestamp and fundingRate). */
function readJsonFunding(text: string, file: string): RawFunding {
  const data = JSON.parse(text) as unknown;
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array of funding rows`);
  const out: RawFunding = { rows: [], numbers: [], raw: [] };
  data.forEach((row, i) => {
    const o = (row ?? {}) as Record<string, unknown>;
    const names = Object.keys(o);
    const t = o[names[pick(names, TIME_NAMES, file, 'funding time')]];
    const r = o[names[pick(names, RATE_NAMES, file, 'rate')]];
    out.rows.push({ time: typeof t === 'number' ? t : parseTimestamp(String(t)), rate: r === null || r === '' ? Number.NaN : Number(r) });
    out.numbers.push(i + 1);
    out.raw.push(JSON.stringify(row));
  });
  return out;
}

/** Parquet or Feather/Arrow through DuckDB, in file order (file_row_number for Parquet). */
async function readColumnarFunding(store: Store, path: string, file: string): Promise<RawFunding> {
  const isParquet = extname(path).toLowerCase() === '.parquet';
  if (!isParquet) throw new Error(`${file}: funding files are .csv, .json or .parquet`);
  const esc = path.replace(/'/g, "''");
  const head = await store.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${esc}')`);
  const names = head.getRows().map((r) => String(r[0]));
  const tn = names[pick(names, TIME_NAMES, file, 'funding time')];
  const rn = names[pick(names, RATE_NAMES, file, 'rate')];
  const r = await store.connection.runAndReadAll(`SELECT CAST("${tn}" AS VARCHAR), TRY_CAST("${rn}" AS DOUBLE), file_row_number FROM read_parquet('${esc}', file_row_number = true) ORDER BY file_row_number`);
  const out: RawFunding = { rows: [], numbers: [], raw: [] };
  for (const [t, rate, n] of r.getRows()) {
    const text = String(t);
    out.rows.push({ time: /^\d+(\.\d+)?$/.test(text) ? Number(text) : parseTimestamp(text), rate: rate === null ? Number.NaN : Number(rate) });
    out.numbers.push(Number(n) + 1);
    out.raw.push(`${text},${String(rate)}`);
  }
  return out;
}

export interface FundingImportReport {
  readonly file: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly rows: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly quarantined: readonly QuarantineRow[];
  readonly from: number | null;
  readonly to: number | null;
  readonly gaps: FundingGaps;
}

/**
 * Imports one file of funding rates for `symbol` (CSV with a header, JSON array, Parquet; times in any form
 * `strata data import` reads, UTC unless they carry an offset). Bad rows are quarantined with their row number
 * and reason; a file with no usable row is an error. All of it lands in one transaction, or none.
 */
export async function importFunding(store: Store, path: string, opts: { symbol: string; exchange: string }): Promise<FundingImportReport> {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  const raw = ext === '.csv' || ext === '.txt' ? readCsvFunding(readFileSync(path, 'utf8'), path) : ext === '.json' ? readJsonFunding(readFileSync(path, 'utf8'), path) : await readColumnarFunding(store, path, path);
  const checked = validateFunding(raw.rows);
  const quarantined = checked.rejected.map((x) => ({ rowNumber: raw.numbers[x.index], reason: x.reason, raw: raw.raw[x.index] }));
  if (checked.accepted.length === 0) {
    const why = quarantined.slice(0, 3).map((q) => `row ${q.rowNumber}: ${q.reason}`).join('; ');
    throw new Error(`${path}: no usable funding rows${why ? ` (${why})` : ' (the file has no data rows)'}`);
  }
  await inTransaction(store, async () => {
    await upsertFunding(store, opts.exchange, opts.symbol, checked.accepted, `file:${file}`);
    await appendQuarantine(store, path, { exchange: opts.exchange, symbol: opts.symbol, timeframe: 'funding' }, quarantined);
  });
  const times = Float64Array.from(checked.accepted.map((r) => r.time));
  const from = times[0];
  const to = times[times.length - 1];
  return { file: path, exchange: opts.exchange, symbol: opts.symbol, rows: raw.rows.length, imported: checked.accepted.length, duplicates: checked.duplicates, quarantined, from, to, gaps: fundingGaps({ times, rates: new Float64Array(times.length) }, from, to + 1) };
}
