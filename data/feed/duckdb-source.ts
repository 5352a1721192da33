import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import type { SeriesKey } from '../../engine/types.ts';
import { doubleColumn, scratchColumns } from './duck-vectors.ts';
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
 * One file series streamed from DuckDB on its own connection (one connection holds one open stream), copied
 * from DuckDB's vectors into a reused Float64Array chunk: no object per row. (Store series use
 * store-source.ts, which reads in bounded windows.)
 */
export class DuckDBChunkSource implements ChunkSource {
  private conn: DuckDBConnection | null = null;
  private result: DuckDBResult | null = null;
  private dataChunk: DuckDBDataChunk | null = null;
  /** The current DuckDB chunk's columns (views of its memory, or scratch copies). */
  private cols: Float64Array[] = [];
  private readonly scratch = scratchColumns(7);
  private rows = 0;
  private offset = 0;
  private rowNo = 0;
  private rowNumbers = false;
  private done = false;
  private readonly chunk: ColumnChunk;

  constructor(
    readonly series: SeriesKey,
    private readonly instance: DuckDBInstance,
    private readonly plan: (conn: DuckDBConnection) => Promise<ColumnQuery>,
    chunkRows: number,
    private readonly filter: RowFilter,
    /** Names the file or series in errors from DuckDB (which may not). */
    private readonly label = `${series.symbol} ${series.timeframe}`,
  ) {
    this.chunk = allocChunk(chunkRows);
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
        this.copyChecked(take, this.filter);
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
    this.cols = [];
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
    this.cols = [];
    for (let c = 0; c < width; c++) this.cols.push(doubleColumn(dc.getColumnVector(c), this.rows, this.scratch[c]));
    return true;
  }

  /** File rows: numbered, range-filtered, validated and order-checked one at a time. */
  private copyChecked(take: number, f: RowFilter): void {
    const out = this.chunk;
    const [ts, os, hs, ls, cs, vs] = this.cols;
    const rn = this.rowNumbers ? this.cols[6] : null;
    for (let k = 0; k < take; k++) {
      const r = this.offset + k;
      const row = rn !== null ? rn[r] + 1 : ++this.rowNo;
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
