import { open, type FileHandle } from 'node:fs/promises';
import { DataType, DateUnit, RecordBatchReader, TimeUnit, type RecordBatch, type Vector } from 'apache-arrow';
import type { SeriesKey } from '../../engine/types.ts';
import { allocChunk, type ChunkSource, type ColumnChunk } from '../column-chunk.ts';
import { registerArrowCodecs } from '../formats/arrow-codecs.ts';
import type { RowFilter } from './duckdb-source.ts';
import { guessEpochUnit, MS_PER_UNIT, pickColumns, type EpochUnit, type FileColumnOptions } from './file-columns.ts';

const BIG_DIVISOR: Record<EpochUnit, bigint> = { s: 1n, ms: 1n, us: 1_000n, ns: 1_000_000n };
const TIMESTAMP_UNIT: Record<number, EpochUnit> = {
  [TimeUnit.SECOND]: 's',
  [TimeUnit.MILLISECOND]: 'ms',
  [TimeUnit.MICROSECOND]: 'us',
  [TimeUnit.NANOSECOND]: 'ns',
};

/** Epoch value (number or int64) in `unit` to ms; exact for int64 nanoseconds. */
function toMs(v: unknown, unit: EpochUnit): number {
  if (typeof v === 'bigint') {
    if (unit === 's') return Number(v) * 1000;
    return Number(unit === 'ms' ? v : v / BIG_DIVISOR[unit]);
  }
  if (typeof v !== 'number') return Number.NaN;
  return unit === 's' || unit === 'ms' ? v * MS_PER_UNIT[unit] : Math.floor(v * MS_PER_UNIT[unit]);
}

/** A float column as Float64Array (zero-copy for float64 without nulls); null becomes NaN. */
function floatColumn(vec: Vector): Float64Array {
  if (vec.nullCount === 0 && vec.data.length === 1) {
    const a: unknown = vec.toArray();
    if (a instanceof Float64Array) return a;
  }
  const out = new Float64Array(vec.length);
  for (let i = 0; i < vec.length; i++) {
    const v: unknown = vec.get(i);
    out[i] = v === null || v === undefined ? Number.NaN : Number(v);
  }
  return out;
}

/** The first non-null value of a column, for unit guessing. */
function firstValue(vec: Vector): unknown {
  for (let i = 0; i < vec.length; i++) if (vec.isValid(i)) return vec.get(i);
  return undefined;
}

/**
 * One series read from an Arrow IPC / Feather v2 file (freqtrade's layout: `date` timestamp[ns, UTC] and
 * float64 open/high/low/close/volume), record batch by record batch through random access: only the
 * current batch and one chunk are in memory.
 */
export class ArrowChunkSource implements ChunkSource {
  private fh: FileHandle | null = null;
  private reader: RecordBatchReader | null = null;
  private columnIndex: number[] = [];
  private unit: EpochUnit | undefined;
  private cols: Float64Array[] = [];
  private rows = 0;
  private offset = 0;
  private rowNo = 0;
  private done = false;
  private readonly chunk: ColumnChunk;

  constructor(
    readonly series: SeriesKey,
    private readonly path: string,
    chunkRows: number,
    private readonly filter: RowFilter,
    private readonly options: FileColumnOptions = {},
  ) {
    this.chunk = allocChunk(chunkRows);
    this.unit = options.timeUnit;
  }

  async next(): Promise<ColumnChunk | null> {
    if (this.done) return null;
    try {
      if (this.reader === null) await this.open();
      const out = this.chunk;
      const cap = out.openTime.length;
      out.length = 0;
      while (out.length < cap) {
        if (this.offset >= this.rows && !(await this.fetch())) break;
        const take = Math.min(cap - out.length, this.rows - this.offset);
        this.copy(take);
        this.offset += take;
      }
      return out.length > 0 ? out : null;
    } catch (err) {
      this.close();
      throw err;
    }
  }

  close(): void {
    this.done = true;
    this.cols = [];
    this.reader = null;
    const fh = this.fh;
    this.fh = null;
    fh?.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    registerArrowCodecs();
    this.fh = await open(this.path, 'r');
    const reader = (await RecordBatchReader.from(this.fh)) as RecordBatchReader;
    await reader.open();
    this.reader = reader;
    const names = reader.schema.fields.map((f) => f.name);
    const picked = pickColumns(this.path, names, this.options.timeColumn);
    this.columnIndex = [picked.time, ...picked.values].map((n) => names.indexOf(n));
  }

  /** Decodes the next non-empty record batch into float64 columns; false at the end of the file. */
  private async fetch(): Promise<boolean> {
    for (;;) {
      const r = await (this.reader as RecordBatchReader).next();
      if (r.done) {
        this.close();
        return false;
      }
      const batch = r.value as RecordBatch;
      if (batch.numRows === 0) continue;
      const vecs = this.columnIndex.map((i) => batch.getChildAt(i) as Vector);
      this.cols = [this.timeColumn(vecs[0]), ...vecs.slice(1).map(floatColumn)];
      this.rows = batch.numRows;
      this.offset = 0;
      return true;
    }
  }

  private timeColumn(vec: Vector): Float64Array {
    const type = vec.type;
    let unit: EpochUnit;
    if (DataType.isTimestamp(type)) unit = TIMESTAMP_UNIT[type.unit];
    else if (DataType.isDate(type)) unit = 'ms';
    else if (DataType.isInt(type) || DataType.isFloat(type)) {
      this.unit ??= guessEpochUnit(Number(firstValue(vec) ?? 0));
      unit = this.unit;
    } else throw new Error(`${this.path}: time column has type ${String(type)}, not a time or a number`);
    const out = new Float64Array(vec.length);
    const days = DataType.isDate(type) && type.unit === DateUnit.DAY;
    const raw = vec.toArray() as ArrayLike<unknown>;
    for (let i = 0; i < vec.length; i++) {
      if (vec.nullCount > 0 && !vec.isValid(i)) out[i] = Number.NaN;
      else out[i] = days ? Number(raw[i]) * 86_400_000 : toMs(raw[i], unit);
    }
    return out;
  }

  private copy(take: number): void {
    const out = this.chunk;
    const f = this.filter;
    const [ts, os, hs, ls, cs, vs] = this.cols;
    for (let k = 0; k < take; k++) {
      const r = this.offset + k;
      const row = ++this.rowNo;
      const t = ts[r];
      if (t < f.from || t >= f.to) continue;
      if (!f.checker.accept(row, t, os[r], hs[r], ls[r], cs[r], vs[r])) continue;
      const i = out.length++;
      out.openTime[i] = t;
      out.open[i] = os[r];
      out.high[i] = hs[r];
      out.low[i] = ls[r];
      out.close[i] = cs[r];
      out.volume[i] = vs[r];
    }
  }
}
