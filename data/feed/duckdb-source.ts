import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import type { SeriesKey } from '../../engine/types.ts';
import { doubleColumn, scratchColumns } from './duck-vectors.ts';
import { allocChunk, sliceColumns, type ChunkSource, type ColumnChunk } from '../column-chunk.ts';
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
 * One series streamed from DuckDB on its own connection (one connection holds one open stream). DuckDB
 * hands out 2,048-row vectors; the next one is always being fetched (on DuckDB's thread) while the engine
 * consumes the current one, so reading overlaps replay. Store rows (trusted: validated on import, ordered
 * by the query) are handed on as zero-copy views of the vector, at most chunkRows rows each; file rows are
 * checked one by one into a reused chunk of chunkRows rows. Either way JS holds at most one chunk and two
 * vectors per series. A store query's ORDER BY is DuckDB's work (its own memory, spilled to disk past its
 * memory limit). Measured against windowed LIMIT queries materialised per chunk, one streamed query with a
 * vector fetched ahead is faster: materialising results costs more main-thread time than it saves.
 */
export class DuckDBChunkSource implements ChunkSource {
  private conn: DuckDBConnection | null = null;
  private result: DuckDBResult | null = null;
  /** The DuckDB chunk whose memory `cols` may view: kept referenced while in use. */
  private dataChunk: DuckDBDataChunk | null = null;
  /** The next DuckDB chunk, being fetched. */
  private ahead: Promise<DuckDBDataChunk | null> | null = null;
  /** The current DuckDB chunk's columns (views of its memory, or scratch copies). */
  private cols: Float64Array[] = [];
  private readonly scratch = scratchColumns(7);
  private rows = 0;
  private offset = 0;
  private rowNo = 0;
  private rowNumbers = false;
  private done = false;
  /** Reused output for checked rows (files); store rows go out as views instead. */
  private readonly chunk: ColumnChunk | null;

  constructor(
    readonly series: SeriesKey,
    private readonly instance: DuckDBInstance,
    private readonly plan: (conn: DuckDBConnection) => Promise<ColumnQuery>,
    private readonly chunkRows: number,
    /** File rows are checked through it; null for store rows, which are passed on as they are. */
    private readonly filter: RowFilter | null,
    /** Names the file or series in errors from DuckDB (which may not). */
    private readonly label = `${series.symbol} ${series.timeframe}`,
  ) {
    this.chunk = filter === null ? null : allocChunk(chunkRows);
  }

  async next(): Promise<ColumnChunk | null> {
    if (this.done) return null;
    try {
      if (this.result === null) await this.open();
      if (this.filter === null) {
        if (this.offset >= this.rows && !(await this.fetch())) return null;
        const end = Math.min(this.rows, this.offset + this.chunkRows);
        const [openTime, open, high, low, close, volume] = this.cols;
        const view = sliceColumns({ length: this.rows, openTime, open, high, low, close, volume }, this.offset, end);
        this.offset = end;
        return view;
      }
      const out = this.chunk as ColumnChunk;
      out.length = 0;
      while (out.length < this.chunkRows) {
        if (this.offset >= this.rows && !(await this.fetch())) break;
        const take = Math.min(this.chunkRows - out.length, this.rows - this.offset);
        this.copyChecked(out, take, this.filter);
        this.offset += take;
      }
      return out.length > 0 ? out : null;
    } catch (err) {
      await this.close();
      if (err instanceof FeedFileError || !(err instanceof Error) || err.message.startsWith(this.label)) throw err;
      throw new Error(`${this.label}: ${err.message}`, { cause: err });
    }
  }

  /** Releases the connection, after a fetch still in flight has settled (never closed under DuckDB's feet). */
  close(): Promise<void> | void {
    this.done = true;
    this.cols = [];
    this.dataChunk = null;
    const release = (): void => {
      this.result = null;
      const conn = this.conn;
      this.conn = null;
      conn?.closeSync();
    };
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead === null) return release();
    return ahead.then(release, release);
  }

  private async open(): Promise<void> {
    this.conn = await this.instance.connect();
    const q = await this.plan(this.conn);
    this.rowNumbers = q.rowNumbers === true;
    this.result = await this.conn.stream(q.sql, q.values);
  }

  /** Moves to DuckDB's next data chunk and starts fetching the one after; false at the end of the result. */
  private async fetch(): Promise<boolean> {
    const result = this.result as DuckDBResult;
    this.ahead ??= result.fetchChunk();
    const dc = await this.ahead;
    this.ahead = null;
    if (dc === null || dc.rowCount === 0) {
      await this.close();
      return false;
    }
    this.ahead = result.fetchChunk();
    this.ahead.catch(() => undefined); // surfaces when awaited; dropped if the reader is closed first
    this.dataChunk = dc;
    this.rows = dc.rowCount;
    this.offset = 0;
    const width = this.rowNumbers ? 7 : 6;
    this.cols = [];
    for (let c = 0; c < width; c++) this.cols.push(doubleColumn(dc.getColumnVector(c), this.rows, this.scratch[c]));
    return true;
  }

  /** File rows: numbered, range-filtered, validated and order-checked one at a time. */
  private copyChecked(out: ColumnChunk, take: number, f: RowFilter): void {
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

/** One store series in [from, to), sorted by open time; bounds are bound parameters (BIGINT). */
export function storeQuery(exchange: string, series: SeriesKey, from: number, to: number): ColumnQuery {
  const lo = Math.max(-8.64e15, Math.ceil(from));
  const hi = Math.min(8.64e15, Math.ceil(to));
  return {
    sql:
      'SELECT CAST(open_time AS DOUBLE), open, high, low, close, volume FROM candles ' +
      'WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time >= $4 AND open_time < $5 ORDER BY open_time',
    values: [exchange, series.symbol, series.timeframe, BigInt(lo), BigInt(hi)],
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
