import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { allocChunk, type ChunkSource, type ColumnChunk } from '../column-chunk.ts';
import { doubleColumn, scratchColumns } from './duck-vectors.ts';

/** Open-time bounds standing for "unbounded" in SQL (the extent of JS Dates). */
const MIN_TIME = -8.64e15;
const MAX_TIME = 8.64e15;

const clamp = (t: number): number => Math.min(MAX_TIME, Math.max(MIN_TIME, Math.ceil(t)));

const ignore = (): void => undefined;

/**
 * One store series read as a sequence of bounded windows ("keyset pagination"): each chunk is one
 * prepared query for `open_time` in [cursor, cursor + chunkRows x timeframe) ORDER BY open_time LIMIT
 * chunkRows, materialised by DuckDB on its own thread. So DuckDB never sorts more than one chunk, JS makes
 * one async call per chunk (not one per 2,048-row vector), and the next window is queried while the
 * engine consumes the current one (two chunk buffers; a returned chunk stays valid until the next
 * `next()`). The primary key makes open_time unique per series, so a window of aligned rows holds at
 * most chunkRows rows; LIMIT keeps it exact otherwise.
 */
export class StoreChunkSource implements ChunkSource {
  private conn: DuckDBConnection | null = null;
  private window: DuckDBPreparedStatement | null = null;
  private seek: DuckDBPreparedStatement | null = null;
  private cursor: number;
  private readonly end: number;
  private readonly span: number;
  private done = false;
  private readonly buffers: [ColumnChunk, ColumnChunk];
  private turn = 0;
  /** The next chunk, being read while the current one is consumed. */
  private ahead: Promise<ColumnChunk | null> | null = null;
  private readonly scratch = scratchColumns(6);

  constructor(
    readonly series: SeriesKey,
    private readonly instance: DuckDBInstance,
    private readonly exchange: string,
    from: number,
    to: number,
    private readonly chunkRows: number,
  ) {
    this.cursor = clamp(from);
    this.end = clamp(to);
    this.span = chunkRows * timeframeMs(series.timeframe);
    this.buffers = [allocChunk(chunkRows), allocChunk(chunkRows)];
  }

  async next(): Promise<ColumnChunk | null> {
    if (this.done) return null;
    try {
      if (this.conn === null) await this.open();
      // `ahead` always names the read in flight, so close() can wait for it.
      this.ahead ??= this.load(this.buffers[this.turn]);
      const chunk = await this.ahead;
      this.ahead = null;
      if (chunk === null) {
        await this.close();
        return null;
      }
      this.turn ^= 1;
      this.ahead = this.load(this.buffers[this.turn]);
      this.ahead.catch(ignore); // surfaces on the next call, or never if the consumer stops
      return chunk;
    } catch (err) {
      await this.close();
      const label = `store series ${this.series.symbol} ${this.series.timeframe}`;
      if (err instanceof Error && !err.message.startsWith(label)) throw new Error(`${label}: ${err.message}`, { cause: err });
      throw err;
    }
  }

  /** Waits for a window still being read, then releases the statements and the connection. */
  close(): Promise<void> | void {
    this.done = true;
    const release = (): void => {
      this.window?.destroySync();
      this.seek?.destroySync();
      this.window = null;
      this.seek = null;
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
    const where = 'exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time >= $4 AND open_time < $5';
    this.window = await this.conn.prepare(
      `SELECT CAST(open_time AS DOUBLE), open, high, low, close, volume FROM candles WHERE ${where} ORDER BY open_time LIMIT ${this.chunkRows}`,
    );
    this.seek = await this.conn.prepare(`SELECT CAST(min(open_time) AS DOUBLE) FROM candles WHERE ${where}`);
    const first = await this.nextTime(this.cursor);
    this.cursor = first ?? this.end;
  }

  /** Reads the next non-empty window into `buf`; null at the end of the range. */
  private async load(buf: ColumnChunk): Promise<ColumnChunk | null> {
    while (!this.done && this.cursor < this.end) {
      const hi = Math.min(this.end, this.cursor + this.span);
      const n = await this.readWindow(buf, this.cursor, hi);
      this.cursor = n === this.chunkRows ? buf.openTime[n - 1] + 1 : hi;
      if (n > 0) return buf;
      if (this.done) break;
      // An empty window: jump over the gap to the next stored row, if any.
      this.cursor = (await this.nextTime(hi)) ?? this.end;
    }
    return null;
  }

  private bind(stmt: DuckDBPreparedStatement, lo: number, hi: number): void {
    stmt.bindVarchar(1, this.exchange);
    stmt.bindVarchar(2, this.series.symbol);
    stmt.bindVarchar(3, this.series.timeframe);
    stmt.bindBigInt(4, BigInt(lo));
    stmt.bindBigInt(5, BigInt(hi));
  }

  /** Open time of the first stored row in [from, end), or null. */
  private async nextTime(from: number): Promise<number | null> {
    if (from >= this.end) return null;
    const stmt = this.seek as DuckDBPreparedStatement;
    this.bind(stmt, from, this.end);
    const r = await stmt.run();
    const v = r.rowCount > 0 ? (r.getChunk(0).getColumnVector(0).getItem(0) as number | null) : null;
    return v ?? null;
  }

  /** Reads the rows in [lo, hi) into `buf`, a column at a time; returns the row count. */
  private async readWindow(buf: ColumnChunk, lo: number, hi: number): Promise<number> {
    const stmt = this.window as DuckDBPreparedStatement;
    this.bind(stmt, lo, hi);
    const result = await stmt.run();
    const targets = [buf.openTime, buf.open, buf.high, buf.low, buf.close, buf.volume];
    let n = 0;
    for (let k = 0; k < result.chunkCount; k++) {
      const dc = result.getChunk(k);
      const rows = dc.rowCount;
      for (let c = 0; c < 6; c++) targets[c].set(doubleColumn(dc.getColumnVector(c), rows, this.scratch[c]), n);
      n += rows;
    }
    buf.length = n;
    return n;
  }
}
