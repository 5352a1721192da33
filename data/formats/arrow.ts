import { Bool, Float64, makeData, makeVector, Table, tableFromIPC, tableToIPC, Timestamp, TimeUnit, Type, type Vector } from 'apache-arrow';
import type { CandleColumns } from '../columns.ts';
import { registerArrowCodecs } from './arrow-codecs.ts';
import { mapColumns, missingColumnsMessage, tableKind, type RawData } from './raw.ts';
import { epochToMs, parseTimestamp } from './time-parse.ts';

/** A numeric Arrow column as doubles; nulls become NaN. */
function toDoubles(vec: Vector): Float64Array {
  if (vec.type.typeId === Type.Float && vec.nullCount === 0) return Float64Array.from(vec.toArray() as ArrayLike<number>);
  const out = new Float64Array(vec.length);
  for (let i = 0; i < vec.length; i++) {
    const v = vec.get(i) as unknown;
    out[i] = v === null || v === undefined ? Number.NaN : Number(v);
  }
  return out;
}

/** A time column as epoch ms: timestamp/date types by their unit, numbers by magnitude, text parsed. */
function toTimes(vec: Vector): Float64Array {
  const out = new Float64Array(vec.length);
  const id = vec.type.typeId;
  for (let i = 0; i < vec.length; i++) {
    const v = vec.get(i) as unknown;
    if (v === null || v === undefined) out[i] = Number.NaN;
    else if (id === Type.Timestamp || id === Type.Date) out[i] = Math.floor(Number(v));
    else if (typeof v === 'string') out[i] = parseTimestamp(v);
    else out[i] = epochToMs(Number(v));
  }
  return out;
}

/**
 * Reads an Arrow IPC file or stream (freqtrade's Feather v2 included; LZ4/ZSTD batches are decoded) with
 * a time column and OHLCV columns, or trades. Row N is the table's N-th row.
 */
export function readArrow(bytes: Uint8Array, force?: 'candles' | 'trades'): RawData {
  registerArrowCodecs();
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const map = mapColumns(names);
  const kind = force ?? tableKind(map);
  const col = (i: number) => table.getChildAt(i)!;
  const n = table.numRows;
  const rowNumbers = Float64Array.from({ length: n }, (_, i) => i + 1);
  const raw = (i: number) => JSON.stringify(table.get(i)?.toJSON() ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  if (kind === 'trades') {
    if (map.time < 0 || map.price < 0 || map.amount < 0) throw new Error(missingColumnsMessage(names, map, 'trades'));
    return {
      kind,
      length: n,
      time: toTimes(col(map.time)),
      price: toDoubles(col(map.price)),
      amount: toDoubles(col(map.amount)),
      rowNumbers,
      malformed: [],
      raw,
    };
  }
  if (kind === null || map.time < 0 || map.volume < 0) throw new Error(missingColumnsMessage(names, map, kind));
  const cols: CandleColumns = {
    length: n,
    openTime: toTimes(col(map.time)),
    open: toDoubles(col(map.open)),
    high: toDoubles(col(map.high)),
    low: toDoubles(col(map.low)),
    close: toDoubles(col(map.close)),
    volume: toDoubles(col(map.volume)),
    synthetic: map.synthetic >= 0 ? Uint8Array.from(toDoubles(col(map.synthetic)), (v) => (v === 1 ? 1 : 0)) : new Uint8Array(n),
  };
  return { kind: 'candles', cols, rowNumbers, malformed: [], raw };
}

/**
 * Candles as an Arrow IPC file: open_time timestamp[ms, UTC], open..volume float64, synthetic bool.
 * Uncompressed, so any Arrow reader opens it.
 */
export function candlesToArrow(cols: CandleColumns): Uint8Array {
  const times = new BigInt64Array(cols.length);
  for (let i = 0; i < cols.length; i++) times[i] = BigInt(cols.openTime[i]);
  const f64 = (a: Float64Array) => makeVector({ type: new Float64(), data: a, length: a.length });
  const bits = new Uint8Array(Math.ceil(cols.length / 8));
  for (let i = 0; i < cols.length; i++) if (cols.synthetic[i]) bits[i >> 3] |= 1 << (i & 7);
  const table = new Table({
    open_time: makeVector(makeData({ type: new Timestamp(TimeUnit.MILLISECOND, 'UTC'), data: times, length: cols.length })),
    open: f64(cols.open),
    high: f64(cols.high),
    low: f64(cols.low),
    close: f64(cols.close),
    volume: f64(cols.volume),
    synthetic: makeVector(makeData({ type: new Bool(), data: bits, length: cols.length })),
  });
  return tableToIPC(table, 'file');
}

