import { allocColumns, truncateColumns } from '../columns.ts';
import { REASON } from '../validate.ts';
import type { QuarantineRow } from '../store-write.ts';
import { mapColumns, missingColumnsMessage, tableKind, type ColumnMap, type RawCandles, type RawData, type RawTrades } from './raw.ts';
import { parseTimestamp } from './time-parse.ts';

/** A numeric field; empty or blank is NaN (never 0, which `+''` would give). */
export function num(s: string | undefined): number {
  if (s === undefined) return Number.NaN;
  const v = +s;
  if (v === 0 && !/\d/.test(s)) return Number.NaN;
  return v;
}

/** Splits one line honouring double quotes ("a,b" and "" escapes). */
function splitQuoted(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The fields of one record. */
export function split(line: string, delim: string): string[] {
  return line.includes('"') ? splitQuoted(line, delim) : line.split(delim);
}

/**
 * The file's records: lines, except that a newline inside a double-quoted field belongs to its record (RFC
 * 4180), so a quoted note spanning lines is one row, not a malformed one. Files without quotes, or with a
 * quote left open, split at every newline.
 */
export function csvRecords(text: string): string[] {
  if (!text.includes('"')) return text.split('\n');
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) quoted = !quoted; // an escaped "" toggles twice
    else if (ch === 10 /* \n */ && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  // A quote never closed would swallow every later line into one bad record: judge each line on its own instead.
  return quoted ? text.split('\n') : out;
}

/** The delimiter a header line uses most: comma, semicolon, tab or pipe. */
export function detectDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = header.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

const HEADERLESS = ['open_time', 'open', 'high', 'low', 'close', 'volume'];
const TIME_OF_DAY = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A header that names one column fewer than its rows have, whose rows' second field is a time of day
 * (backtrader's sample files: `Date,Open,...` over `2006-01-02,09:01:00,3602.00,...`): the header is
 * missing its Time column, so one is put in.
 */
function insertMissingTime(names: string[], firstRow: string[] | undefined): string | null {
  if (!firstRow || firstRow.length !== names.length + 1 || !TIME_OF_DAY.test(firstRow[1]?.trim() ?? '')) return null;
  if (names.some((n) => /^\s*time\s*$/i.test(n))) return null;
  names.splice(1, 0, 'Time');
  return `the header names ${names.length - 1} columns but the rows have ${names.length}, the second a time of day: read as ${names.join(',')}`;
}

const decimals = (field: string) => {
  const dot = field.indexOf('.');
  return dot < 0 ? 0 : field.trim().length - dot - 1;
};

/**
 * Whether the last line of a file that does not end with a newline was cut off: it has fewer fields than
 * the header, or its last field has another number of decimals than that column has on every one of the
 * rows before it (`561.06` cut to `56`). A complete last line without a newline is kept.
 */
function cutOff(lines: string[], last: number, start: number, delim: string, width: number): boolean {
  const f = split(lines[last].replace(/\r$/, ''), delim);
  if (f.length < width) return true;
  const col = f.length - 1;
  const before = new Set<number>();
  for (let j = Math.max(start, last - 50); j < last; j++) {
    const g = split(lines[j].replace(/\r$/, ''), delim);
    if (g.length === f.length) before.add(decimals(g[col]));
  }
  return before.size === 1 && !before.has(decimals(f[col]));
}

/**
 * Reads a delimited text file of candles or trades into columns. The header names columns in any case
 * (Date/Time/Timestamp/open_time, Open, High, Low, Close, Volume; extras such as Adj Close are ignored;
 * separate Date and Time columns are joined). A file without a header is read as Binance's kline dumps:
 * open_time, open, high, low, close, volume, anything else. Row numbers: see RawCandles.
 */
export function readCsv(text: string, force?: 'candles' | 'trades'): RawData {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = csvRecords(text);
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h === lines.length) throw new Error('empty file');
  const firstLine = lines[h].replace(/\r$/, '');
  const delim = detectDelimiter(firstLine);
  const first = split(firstLine, delim).map((s) => s.trim());
  const headerless = Number.isFinite(parseTimestamp(first[0])) && Number.isFinite(num(first[1]));
  const names = headerless ? first.map((_, i) => HEADERLESS[i] ?? `extra${i}`) : first;
  const dataStart = headerless ? h : h + 1;
  const notes: string[] = [];
  if (!headerless && dataStart < lines.length) {
    const note = insertMissingTime(names, split(lines[dataStart].replace(/\r$/, ''), delim));
    if (note) notes.push(note);
  }
  const map = mapColumns(names);
  const kind = force ?? tableKind(map);
  if (kind === null || map.time < 0) throw new Error(missingColumnsMessage(names, map, kind));
  const cap = lines.length - dataStart;
  const rowNumbers = new Float64Array(cap);
  const malformed: QuarantineRow[] = [];
  const rawAt = (row: number) => lines[row + dataStart - 1].replace(/\r$/, '');
  let last = lines.length - 1;
  while (last >= dataStart && lines[last].trim() === '') last--;
  if (last >= dataStart && last === lines.length - 1 && cutOff(lines, last, dataStart, delim, names.length)) {
    // Quarantined, and blanked so the readers below skip it (the row number is kept).
    malformed.push({ rowNumber: last - dataStart + 1, reason: REASON.truncated, raw: rawAt(last - dataStart + 1) });
    lines[last] = '';
  }
  const read =
    kind === 'trades'
      ? readTrades(lines, dataStart, delim, map, names, rowNumbers, malformed, rawAt)
      : readCandles(lines, dataStart, delim, map, names, rowNumbers, malformed, rawAt);
  return notes.length ? { ...read, notes } : read;
}

function timeOf(f: string[], m: ColumnMap): number {
  return m.timeOfDay >= 0 ? parseTimestamp(`${f[m.time]} ${f[m.timeOfDay]}`) : parseTimestamp(f[m.time]);
}

function readCandles(
  lines: string[],
  start: number,
  delim: string,
  m: ColumnMap,
  names: string[],
  rowNumbers: Float64Array,
  malformed: QuarantineRow[],
  rawAt: (row: number) => string,
): RawCandles {
  if (m.volume < 0) throw new Error(missingColumnsMessage(names, m, 'candles'));
  const need = Math.max(m.time, m.timeOfDay, m.open, m.high, m.low, m.close, m.volume) + 1;
  const cols = allocColumns(lines.length - start);
  let n = 0;
  for (let j = start; j < lines.length; j++) {
    let line = lines[j];
    if (line.length === 0 || (line.length < 3 && line.trim() === '')) continue;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    const row = j - start + 1;
    const f = split(line, delim);
    if (f.length < need) {
      if (line.trim() !== '') malformed.push({ rowNumber: row, reason: REASON.malformed, raw: line });
      continue;
    }
    cols.openTime[n] = timeOf(f, m);
    cols.open[n] = num(f[m.open]);
    cols.high[n] = num(f[m.high]);
    cols.low[n] = num(f[m.low]);
    cols.close[n] = num(f[m.close]);
    cols.volume[n] = num(f[m.volume]);
    if (m.synthetic >= 0) cols.synthetic[n] = /^\s*(true|1|t)\s*$/i.test(f[m.synthetic] ?? '') ? 1 : 0;
    rowNumbers[n] = row;
    n++;
  }
  const rows = rowNumbers.slice(0, n);
  return { kind: 'candles', cols: truncateColumns(cols, n), rowNumbers: rows, malformed, raw: (i) => rawAt(rows[i]) };
}

function readTrades(
  lines: string[],
  start: number,
  delim: string,
  m: ColumnMap,
  names: string[],
  rowNumbers: Float64Array,
  malformed: QuarantineRow[],
  rawAt: (row: number) => string,
): RawTrades {
  if (m.price < 0 || m.amount < 0) throw new Error(missingColumnsMessage(names, m, 'trades'));
  const need = Math.max(m.time, m.timeOfDay, m.price, m.amount) + 1;
  const cap = lines.length - start;
  const time = new Float64Array(cap);
  const price = new Float64Array(cap);
  const amount = new Float64Array(cap);
  let n = 0;
  for (let j = start; j < lines.length; j++) {
    let line = lines[j];
    if (line.trim() === '') continue;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    const row = j - start + 1;
    const f = split(line, delim);
    if (f.length < need) {
      malformed.push({ rowNumber: row, reason: REASON.malformed, raw: line });
      continue;
    }
    time[n] = timeOf(f, m);
    price[n] = num(f[m.price]);
    amount[n] = num(f[m.amount]);
    rowNumbers[n] = row;
    n++;
  }
  const rows = rowNumbers.slice(0, n);
  return {
    kind: 'trades',
    length: n,
    time: time.slice(0, n),
    price: price.slice(0, n),
    amount: amount.slice(0, n),
    rowNumbers: rows,
    malformed,
    raw: (i) => rawAt(rows[i]),
  };
}
