import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResult, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import type { SeriesKey } from '../../engine/types.ts';
import { allocChunk, type ChunkSource, type ColumnChunk } from '../column-chunk.ts';
import { guessEpochUnit, pickColumns, sqlIdent, sqlString, sqlTimeMs, isNumericSqlType, type FileColumnOptions } from './file-columns.ts';
import { FeedFileError, type FileRowChecker } from './row-check.ts';

/**
 * A query whose first six columns are open_time (epoch ms), open, high, low, close, volume, all DOUBLE;
 * a seventh, when `rowNumbers`, is the file's 0-based row number (DOUBLE).
 */
export interface ColumnQuery {
  readonly sql: string;
  readonly values?: DuckDBValue[];
  readonly rowNumbers?: boolean;
}

/** How file rows are checked: validation and order (checker), row numbering, and a range applied here. */
export interface RowFilter {
  readonly checker: FileRowChecker;
  /** Open-time bounds applied in JS (sources that cannot filter in SQL without losing row numbers). */
  readonly from: number;
  readonly to: number;
}

/**
 * One series streamed from DuckDB on its own connection (one connection holds one open stream), copied
 * column by column from DuckDB's vectors into a reused Float64Array chunk: no object per row.
 */
export class DuckDBChunkSource implements ChunkSource {
  private conn: DuckDBConnection | null = null;
  private result: DuckDBResult | null = null;
  private dataChunk: DuckDBDataChunk | null = null;
  private vectors: DuckDBVector[] = [];
  private rows = 0;
  private offset = 0;
  private rowNo = 0;
  private rowNumbers = false;
  private done = false;
  private readonly chunk: ColumnChunk;
  private readonly targets: Float64Array[];

  constructor(
    readonly series: SeriesKey,
    private readonly instance: DuckDBInstance,
    private readonly plan: (conn: DuckDBConnection) => Promise<ColumnQuery>,
    chunkRows: number,
    private readonly filter: RowFilter | null = null,
    /** Names the file or series in errors from DuckDB (which may not). */
    private readonly label = `${series.symbol} ${series.timeframe}`,
  ) {
    this.chunk = allocChunk(chunkRows);
    const c = this.chunk;
    this.targets = [c.openTime, c.open, c.high, c.low, c.close, c.volume];
  }

  async next(): Promise<ColumnChunk | null> {
    if (this.done) return null;
    try {
      if (this.result === null) await this.open();
      const out = this.chunk;
      const cap = out.openTime.length;
      out.length = 0;
      while (out.length < cap) {
        if (this.offset >= this.rows && !(await this.fetch())) break;
        const take = Math.min(cap - out.length, this.rows - this.offset);
        if (this.filter === null) this.copyTrusted(take);
        else this.copyChecked(take, this.filter);
        this.offset += take;
      }
      return out.length > 0 ? out : null;
    } catch (err) {
      this.close();
      if (err instanceof FeedFileError || !(err instanceof Error) || err.message.startsWith(this.label)) throw err;
      throw new Error(`${this.label}: ${err.message}`, { cause: err });
    }
  }

  close(): void {
    this.done = true;
    this.vectors = [];
    this.dataChunk = null;
    this.result = null;
    const conn = this.conn;
    this.conn = null;
    conn?.closeSync();
  }

  private async open(): Promise<void> {
    this.conn = await this.instance.connect();
    const q = await this.plan(this.conn);
    this.rowNumbers = q.rowNumbers === true;
    this.result = await this.conn.stream(q.sql, q.values);
  }

  /** Loads DuckDB's next data chunk; false at the end of the result (the connection is then released). */
  private async fetch(): Promise<boolean> {
    const dc = await (this.result as DuckDBResult).fetchChunk();
    if (dc === null || dc.rowCount === 0) {
      this.close();
      return false;
    }
    this.dataChunk = dc;
    this.rows = dc.rowCount;
    this.offset = 0;
    const width = this.rowNumbers ? 7 : 6;
    this.vectors = [];
    for (let c = 0; c < width; c++) this.vectors.push(dc.getColumnVector(c));
    return true;
  }

  /** Store rows: validated on import, copied as they are, a column at a time. */
  private copyTrusted(take: number): void {
    const out = this.chunk;
    const base = out.length;
    const off = this.offset;
    for (let c = 0; c < 6; c++) {
      const vec = this.vectors[c];
      const dst = this.targets[c];
      for (let k = 0; k < take; k++) {
        const v = vec.getItem(off + k) as number | null;
        dst[base + k] = v === null ? Number.NaN : v;
      }
    }
    out.length = base + take;
  }

  /** File rows: numbered, range-filtered, validated and order-checked one at a time. */
  private copyChecked(take: number, f: RowFilter): void {
    const out = this.chunk;
    const [vt, vo, vh, vl, vc, vv] = this.vectors;
    const vr = this.rowNumbers ? this.vectors[6] : null;
    const num = (vec: DuckDBVector, r: number): number => {
      const v = vec.getItem(r) as number | null;
      return v === null ? Number.NaN : v;
    };
    for (let k = 0; k < take; k++) {
      const r = this.offset + k;
      const row = vr !== null ? num(vr, r) + 1 : ++this.rowNo;
      const t = num(vt, r);
      if (t < f.from || t >= f.to) continue;
      const o = num(vo, r);
      const h = num(vh, r);
      const l = num(vl, r);
      const c = num(vc, r);
      const v = num(vv, r);
      if (!f.checker.accept(row, t, o, h, l, c, v)) continue;
      const i = out.length++;
      out.openTime[i] = t;
      out.open[i] = o;
      out.high[i] = h;
      out.low[i] = l;
      out.close[i] = c;
      out.volume[i] = v;
    }
  }
}

/** One store series in [from, to), sorted by open time; bounds push down into SQL as bound BIGINTs. */
export function storeQuery(exchange: string, series: SeriesKey, from: number, to: number): ColumnQuery {
  const values: DuckDBValue[] = [exchange, series.symbol, series.timeframe];
  let where = 'exchange = $1 AND symbol = $2 AND timeframe = $3';
  if (from > Number.NEGATIVE_INFINITY) {
    values.push(BigInt(Math.ceil(from)));
    where += ` AND open_time >= $${values.length}`;
  }
  if (to < Number.POSITIVE_INFINITY) {
    values.push(BigInt(Math.ceil(to)));
    where += ` AND open_time < $${values.length}`;
  }
  return {
    sql: `SELECT CAST(open_time AS DOUBLE), open, high, low, close, volume FROM candles WHERE ${where} ORDER BY open_time`,
    values,
  };
}

/** Which file reader: Parquet numbers its rows itself (so [from, to) pushes down); CSV is numbered as read. */
export type DuckFileKind = 'parquet' | 'csv';

/**
 * Plans the query over a Parquet or CSV file in file order (never sorted: order is checked as rows
 * stream). Looks up the columns, detects the time column's type and unit, and builds the projection.
 */
export function fileQueryPlanner(
  path: string,
  kind: DuckFileKind,
  from: number,
  to: number,
  cols: FileColumnOptions = {},
): (conn: DuckDBConnection) => Promise<ColumnQuery> {
  return async (conn) => {
    const source = kind === 'parquet' ? `read_parquet(${sqlString(path)}, file_row_number = true)` : `read_csv(${sqlString(path)})`;
    const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const types = new Map<string, string>();
    for (const [name, type] of described.getRows()) types.set(String(name), String(type));
    const names = [...types.keys()].filter((n) => !(kind === 'parquet' && n === 'file_row_number'));
    const picked = pickColumns(path, names, cols.timeColumn);
    const tIdent = sqlIdent(picked.time);
    const tType = types.get(picked.time) as string;
    let unit = cols.timeUnit;
    if (unit === undefined && isNumericSqlType(tType)) {
      const first = await conn.runAndReadAll(`SELECT CAST(${tIdent} AS DOUBLE) FROM ${source} WHERE ${tIdent} IS NOT NULL LIMIT 1`);
      const v = first.getRows()[0]?.[0];
      unit = guessEpochUnit(typeof v === 'number' ? v : 0);
    }
    const t = sqlTimeMs(tIdent, tType, unit, path);
    const values = picked.values.map((n) => `CAST(${sqlIdent(n)} AS DOUBLE)`).join(', ');
    if (kind === 'csv') return { sql: `SELECT ${t}, ${values} FROM ${source}` };
    const bounds: string[] = [];
    if (from > Number.NEGATIVE_INFINITY) bounds.push(`${t} >= ${from}`);
    if (to < Number.POSITIVE_INFINITY) bounds.push(`${t} < ${to}`);
    // A row whose time is missing still comes through, to be reported rather than silently filtered out.
    const where = bounds.length > 0 ? ` WHERE ${t} IS NULL OR (${bounds.join(' AND ')})` : '';
    return { sql: `SELECT ${t}, ${values}, CAST(file_row_number AS DOUBLE) FROM ${source}${where}`, rowNumbers: true };
  };
}
