import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import type { SeriesKey } from '../../engine/types.ts';
import { doubleColumn, scratchColumns } from './duck-vectors.ts';
import { sliceColumns, type ChunkSource, type ColumnChunk } from '../column-chunk.ts';

/** A query whose six columns are open_time (epoch ms), open, high, low, close, volume, all DOUBLE. */
export interface ColumnQuery {
  readonly sql: string;
  readonly values?: DuckDBValue[];
}

/**
 * One store series streamed from DuckDB on its own connection (one connection holds one open stream).
 * DuckDB hands out 2,048-row vectors; the next one is always being fetched (on DuckDB's thread) while the
 * engine consumes the current one, so reading overlaps replay. Rows are trusted (validated on import,
 * ordered by the query) and handed on as zero-copy views of the vector, at most chunkRows rows each, so JS
 * holds at most two vectors per series. The ORDER BY is DuckDB's work (its own memory, spilled to disk past
 * its memory limit). Measured against windowed LIMIT queries materialised per chunk, one streamed query
 * with a vector fetched ahead is faster: materialising results costs more main-thread time than it saves.
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
  private readonly scratch = scratchColumns(6);
  private rows = 0;
  private offset = 0;
  private done = false;
  /** Names the series in errors from DuckDB (which does not). */
  private readonly label: string;

  constructor(
    readonly series: SeriesKey,
    private readonly instance: DuckDBInstance,
    private readonly query: ColumnQuery,
    private readonly chunkRows: number,
  ) {
    this.label = `store series ${series.symbol} ${series.timeframe}`;
  }

  async next(): Promise<ColumnChunk | null> {
    if (this.done) return null;
    try {
      if (this.result === null) await this.open();
      if (this.offset >= this.rows && !(await this.fetch())) return null;
      const end = Math.min(this.rows, this.offset + this.chunkRows);
      const [openTime, open, high, low, close, volume] = this.cols;
      const view = sliceColumns({ length: this.rows, openTime, open, high, low, close, volume }, this.offset, end);
      this.offset = end;
      return view;
    } catch (err) {
      await this.close();
      if (!(err instanceof Error) || err.message.startsWith(this.label)) throw err;
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
    this.result = await this.conn.stream(this.query.sql, this.query.values);
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
    this.cols = [];
    for (let c = 0; c < 6; c++) this.cols.push(doubleColumn(dc.getColumnVector(c), this.rows, this.scratch[c]));
    return true;
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
