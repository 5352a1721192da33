import type { CandleColumns } from '../columns.ts';
import type { QuarantineRow } from '../store-write.ts';

/**
 * What a file reader hands on, before validation. Values that could not be read are NaN (an unreadable
 * timestamp is a NaN open time), so validation decides what is quarantined, in one place.
 *
 * Row numbers are 1-based DATA rows: the first row after a header is row 1 (a CSV's data row N is on
 * line N + 1 when the file has one header line); for JSON, Parquet and Arrow, row N is the N-th element.
 */
export interface RawCandles {
  readonly kind: 'candles';
  readonly cols: CandleColumns;
  /** Source row number of each entry. */
  readonly rowNumbers: Float64Array;
  /** Rows that could not be split into fields at all; already rejected. */
  readonly malformed: QuarantineRow[];
  /** The source text of entry i, stored with a quarantined row. */
  raw(i: number): string;
  /** How the reader interpreted an unusual layout (shown in the import summary), if it had to. */
  readonly notes?: readonly string[];
}

/** Individual trades, to be aggregated into candles. */
export interface RawTrades {
  readonly kind: 'trades';
  readonly length: number;
  readonly time: Float64Array;
  readonly price: Float64Array;
  readonly amount: Float64Array;
  readonly rowNumbers: Float64Array;
  readonly malformed: QuarantineRow[];
  raw(i: number): string;
  readonly notes?: readonly string[];
}

export type RawData = RawCandles | RawTrades;

/** Normalised column name: lower case, letters and digits only (`Open Time` -> `opentime`). */
export function normName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const TIME_NAMES = ['opentime', 'timestamp', 'datetime', 'date', 'time', 'gmttime', 'utctime', 'ts', 'unix', 'timeopen', 'starttime', 'opentimestamp'];
const FIELD_NAMES = {
  open: ['open', 'o', 'openprice'],
  high: ['high', 'h', 'highprice'],
  low: ['low', 'l', 'lowprice'],
  close: ['close', 'c', 'closeprice'],
  volume: ['volume', 'vol', 'v', 'basevolume'],
  price: ['price', 'p', 'rate'],
  amount: ['amount', 'qty', 'quantity', 'size', 'volume', 'baseqty'],
  synthetic: ['synthetic'],
} as const;

/** Where each needed column is in a header (-1 when absent). `date` + `time` in separate columns are both kept. */
export interface ColumnMap {
  time: number;
  /** A separate time-of-day column to append to `time` (Date + Time layouts), or -1. */
  timeOfDay: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  price: number;
  amount: number;
  synthetic: number;
}

/** Maps header names (any case, any punctuation) to the columns importers need; extra columns are ignored. */
export function mapColumns(names: readonly string[]): ColumnMap {
  const norm = names.map(normName);
  const find = (cands: readonly string[]) => {
    for (const c of cands) {
      const i = norm.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  let time = find(TIME_NAMES);
  let timeOfDay = -1;
  const date = norm.indexOf('date');
  const tod = norm.indexOf('time');
  if (date >= 0 && tod >= 0 && find(['opentime', 'timestamp', 'datetime']) < 0) {
    time = date;
    timeOfDay = tod;
  }
  return {
    time,
    timeOfDay,
    open: find(FIELD_NAMES.open),
    high: find(FIELD_NAMES.high),
    low: find(FIELD_NAMES.low),
    close: find(FIELD_NAMES.close),
    volume: find(FIELD_NAMES.volume),
    price: find(FIELD_NAMES.price),
    amount: find(FIELD_NAMES.amount),
    synthetic: find(FIELD_NAMES.synthetic),
  };
}

/** 'candles' when OHLC columns are there, 'trades' when price and amount are, else null. */
export function tableKind(m: ColumnMap): 'candles' | 'trades' | null {
  if (m.open >= 0 && m.high >= 0 && m.low >= 0 && m.close >= 0) return 'candles';
  if (m.price >= 0 && m.amount >= 0) return 'trades';
  return null;
}

/** Explains which columns are missing, naming the ones found. */
export function missingColumnsMessage(names: readonly string[], m: ColumnMap, want: 'candles' | 'trades' | null): string {
  const need =
    want === 'trades'
      ? { time: m.time, price: m.price, amount: m.amount }
      : { time: m.time, open: m.open, high: m.high, low: m.low, close: m.close, volume: m.volume };
  const missing = Object.entries(need)
    .filter(([, i]) => i < 0)
    .map(([k]) => k);
  return `missing column(s) ${missing.join(', ')} for ${want ?? 'candles'} (found: ${names.join(', ')})`;
}
