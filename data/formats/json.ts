import { allocColumns } from '../columns.ts';
import { REASON } from '../validate.ts';
import type { QuarantineRow } from '../store-write.ts';
import { mapColumns, missingColumnsMessage, tableKind, type RawData } from './raw.ts';
import { epochToMs, parseTimestamp } from './time-parse.ts';

function timeValue(v: unknown): number {
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v === 'string') return parseTimestamp(v);
  return Number.NaN;
}

function numValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/**
 * Reads freqtrade's candle JSON, `[[ms, open, high, low, close, volume], ...]`, or an array of objects
 * with named fields (`{"date": ..., "open": ...}`, trades as `{"timestamp", "price", "amount"}`).
 * Row N is the N-th element of the array.
 */
export function readJson(text: string, force?: 'candles' | 'trades'): RawData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Error('expected a JSON array of candles');
  const n = data.length;
  const malformed: QuarantineRow[] = [];
  const rowNumbers = new Float64Array(n);
  const firstObject = data.find((r) => r !== null && typeof r === 'object' && !Array.isArray(r)) as Record<string, unknown> | undefined;
  const keys = firstObject ? Object.keys(firstObject) : [];
  const map = mapColumns(keys);
  const kind = firstObject ? (force ?? tableKind(map)) : (force ?? 'candles');
  if (kind === null || (firstObject && map.time < 0)) throw new Error(missingColumnsMessage(keys, map, kind));
  if (firstObject && kind === 'candles' && map.volume < 0) throw new Error(missingColumnsMessage(keys, map, kind));
  const key = (i: number) => (i >= 0 ? keys[i] : '');
  const timeKey = key(map.time);

  if (kind === 'trades') {
    if (!firstObject) throw new Error('trades in JSON must be objects with timestamp, price and amount');
    const time = new Float64Array(n);
    const price = new Float64Array(n);
    const amount = new Float64Array(n);
    let k = 0;
    data.forEach((r, i) => {
      if (r === null || typeof r !== 'object') {
        malformed.push({ rowNumber: i + 1, reason: REASON.malformed, raw: JSON.stringify(r) });
        return;
      }
      const o = r as Record<string, unknown>;
      time[k] = timeValue(o[timeKey]);
      price[k] = numValue(o[key(map.price)]);
      amount[k] = numValue(o[key(map.amount)]);
      rowNumbers[k++] = i + 1;
    });
    const rows = rowNumbers.slice(0, k);
    return {
      kind,
      length: k,
      time: time.slice(0, k),
      price: price.slice(0, k),
      amount: amount.slice(0, k),
      rowNumbers: rows,
      malformed,
      raw: (i) => JSON.stringify(data[rows[i] - 1]),
    };
  }

  const cols = allocColumns(n);
  const fields = [key(map.open), key(map.high), key(map.low), key(map.close), key(map.volume)];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = data[i] as unknown;
    let t: unknown;
    let v: unknown[];
    if (Array.isArray(r) && r.length >= 6) {
      t = r[0];
      v = r.slice(1, 6);
    } else if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
      const o = r as Record<string, unknown>;
      t = o[timeKey];
      v = fields.map((f) => o[f]);
      if (map.synthetic >= 0 && o[key(map.synthetic)] === true) cols.synthetic[k] = 1;
    } else {
      malformed.push({ rowNumber: i + 1, reason: REASON.malformed, raw: JSON.stringify(r) });
      continue;
    }
    cols.openTime[k] = timeValue(t);
    cols.open[k] = numValue(v[0]);
    cols.high[k] = numValue(v[1]);
    cols.low[k] = numValue(v[2]);
    cols.close[k] = numValue(v[3]);
    cols.volume[k] = numValue(v[4]);
    rowNumbers[k++] = i + 1;
  }
  const rows = rowNumbers.slice(0, k);
  const sliced = {
    length: k,
    openTime: cols.openTime.slice(0, k),
    open: cols.open.slice(0, k),
    high: cols.high.slice(0, k),
    low: cols.low.slice(0, k),
    close: cols.close.slice(0, k),
    volume: cols.volume.slice(0, k),
    synthetic: cols.synthetic.slice(0, k),
  };
  return { kind: 'candles', cols: sliced, rowNumbers: rows, malformed, raw: (i) => JSON.stringify(data[rows[i] - 1]) };
}
