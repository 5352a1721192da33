import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDb } from './duck-open.ts';
import type { Feed } from '../engine/feed.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { MarketEvent, SeriesKey } from '../engine/types.ts';
import { seriesId } from '../engine/types.ts';
import {
  checkChunkRows,
  lowerBound,
  resolveRange,
  sliceColumns,
  type ChunkSource,
  type ColumnChunk,
  type OhlcvColumns,
  type TimeRange,
} from './column-chunk.ts';
import { MergedCandleIterator, mergeSync, type SourceSet } from './feed/candle-merger.ts';
import { DuckDBChunkSource, storeQuery } from './feed/duckdb-source.ts';
import { DEFAULT_EXCHANGE } from './store-schema.ts';

export { DEFAULT_CHUNK_ROWS, type OhlcvColumns, type TimeRange } from './column-chunk.ts';

function assertDistinct(series: readonly SeriesKey[]): void {
  const seen = new Set<string>();
  for (const s of series) {
    timeframeMs(s.timeframe);
    const id = seriesId(s.symbol, s.timeframe);
    if (seen.has(id)) throw new Error(`series ${s.symbol} ${s.timeframe} is given twice`);
    seen.add(id);
  }
}

function sourceSet(sources: readonly ChunkSource[], release: () => void): SourceSet {
  return {
    sources,
    async close() {
      try {
        await Promise.all(sources.map((s) => s.close()));
      } finally {
        release();
      }
    },
  };
}

/**
 * A feed of closed candles merged from several series in the engine's total order (closeTime, then the
 * order the series were given), each series streamed chunk by chunk. Every iteration is a fresh pass
 * that opens its own readers and releases them at the end, on error or on `break`.
 */
export class HistoricalFeed implements Feed {
  constructor(
    readonly series: readonly SeriesKey[],
    private readonly openSources: () => Promise<SourceSet>,
  ) {
    assertDistinct(series);
  }

  [Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    return new MergedCandleIterator(this.series, this.openSources);
  }
}

/** Where a store feed reads: a store file (opened read-only per pass) or an open instance it never closes. */
export type StoreDb = string | DuckDBInstance;

export interface StoreFeedOptions extends TimeRange {
  /** Store file path, or an already open instance (e.g. `Store.instance`) when this process has it open. */
  readonly db: StoreDb;
  readonly series: readonly SeriesKey[];
  /** Default: DEFAULT_EXCHANGE. */
  readonly exchange?: string;
  /** Rows read per chunk and series (default DEFAULT_CHUNK_ROWS). */
  readonly chunkRows?: number;
}

async function openDb(db: StoreDb): Promise<{ instance: DuckDBInstance; release: () => void }> {
  if (typeof db !== 'string') return { instance: db, release: () => undefined };
  const instance = await openDuckDb(db, { readOnly: true });
  return { instance, release: () => instance.closeSync() };
}

/** Candles of `series` from the DuckDB candle store (data/store-schema.ts), open times in [from, to). */
export function storeFeed(options: StoreFeedOptions): HistoricalFeed {
  const { from, to } = resolveRange(options);
  const chunkRows = checkChunkRows(options.chunkRows);
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  return new HistoricalFeed(options.series, async () => {
    const { instance, release } = await openDb(options.db);
    const sources = options.series.map((s) => new DuckDBChunkSource(s, instance, storeQuery(exchange, s, from, to), chunkRows));
    return sourceSet(sources, release);
  });
}

/** Reads one whole store series into engine-ready columns (then e.g. `new ColumnarFeed(...)`). */
export async function readStoreColumns(options: Omit<StoreFeedOptions, 'series'> & { readonly series: SeriesKey }): Promise<OhlcvColumns> {
  const { from, to } = resolveRange(options);
  const { instance, release } = await openDb(options.db);
  const s = options.series;
  const query = storeQuery(options.exchange ?? DEFAULT_EXCHANGE, s, from, to);
  const source = new DuckDBChunkSource(s, instance, query, checkChunkRows(options.chunkRows));
  try {
    const conn = await instance.connect();
    let rows: number;
    try {
      const count = await conn.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM (${query.sql})`, query.values);
      rows = count.getRows()[0][0] as number;
    } finally {
      conn.closeSync();
    }
    return await drainColumns(source, rows);
  } finally {
    await source.close();
    release();
  }
}

/** Every remaining row of a source as one set of exactly sized columns; `expectedRows` sizes them up front. */
export async function drainColumns(source: ChunkSource, expectedRows = 0): Promise<OhlcvColumns> {
  let cols = Array.from({ length: 6 }, () => new Float64Array(expectedRows));
  let len = 0;
  for (let chunk = await source.next(); chunk !== null; chunk = await source.next()) {
    const n = chunk.length;
    if (len + n > cols[0].length) {
      const cap = Math.max(len + n, 2 * cols[0].length);
      cols = cols.map((old) => {
        const grown = new Float64Array(cap);
        grown.set(old.subarray(0, len));
        return grown;
      });
    }
    const parts = [chunk.openTime, chunk.open, chunk.high, chunk.low, chunk.close, chunk.volume];
    for (let c = 0; c < 6; c++) cols[c].set(parts[c].subarray(0, n), len);
    len += n;
  }
  const [openTime, open, high, low, close, volume] = cols.map((c) => (c.length === len ? c : c.slice(0, len)));
  return { length: len, openTime, open, high, low, close, volume };
}

/** In-memory series for ColumnarFeed: open times strictly increasing. */
export interface ColumnarSeries {
  readonly series: SeriesKey;
  readonly columns: OhlcvColumns;
}

export interface ColumnarFeedOptions extends TimeRange {
  /** Rows per chunk; default: the whole range at once (zero-copy views). */
  readonly chunkRows?: number;
}

/** Zero-copy chunks over in-memory columns; readable synchronously. */
class ColumnarSource implements ChunkSource {
  private at: number;

  constructor(
    readonly series: SeriesKey,
    private readonly cols: OhlcvColumns,
    start: number,
    private readonly end: number,
    private readonly chunkRows: number,
  ) {
    this.at = start;
  }

  nextSync(): ColumnChunk | null {
    if (this.at >= this.end) return null;
    const stop = Math.min(this.end, this.at + this.chunkRows);
    const chunk = sliceColumns(this.cols, this.at, stop);
    this.at = stop;
    return chunk;
  }

  next(): Promise<ColumnChunk | null> {
    return Promise.resolve(this.nextSync());
  }

  close(): void {
    this.at = this.end;
  }
}

/**
 * The fast path: a feed over columns already in memory (Float64Arrays), no DuckDB. Also iterable
 * synchronously (`for (const e of feed)`) for replay loops that need no awaits.
 */
export class ColumnarFeed implements Feed, Iterable<MarketEvent> {
  readonly series: readonly SeriesKey[];
  private readonly bounds: { start: number; end: number }[];
  private readonly chunkRows: number;

  constructor(
    private readonly input: readonly ColumnarSeries[],
    options: ColumnarFeedOptions = {},
  ) {
    this.series = input.map((s) => s.series);
    assertDistinct(this.series);
    const { from, to } = resolveRange(options);
    this.chunkRows = options.chunkRows === undefined ? Number.POSITIVE_INFINITY : checkChunkRows(options.chunkRows);
    this.bounds = input.map(({ series, columns: c }) => {
      const n = c.length;
      for (const a of [c.openTime, c.open, c.high, c.low, c.close, c.volume]) {
        if (a.length < n) throw new Error(`${series.symbol} ${series.timeframe}: a column has ${a.length} rows, fewer than length ${n}`);
      }
      const t = c.openTime;
      for (let i = 1; i < n; i++) {
        if (!(t[i] > t[i - 1])) throw new Error(`${series.symbol} ${series.timeframe}: open times must strictly increase (row ${i}: ${t[i]} after ${t[i - 1]})`);
      }
      return { start: lowerBound(t, from, 0, n), end: lowerBound(t, to, 0, n) };
    });
  }

  private sources(): ColumnarSource[] {
    return this.input.map((s, i) => new ColumnarSource(s.series, s.columns, this.bounds[i].start, this.bounds[i].end, this.chunkRows));
  }

  [Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    return new MergedCandleIterator(this.series, async () => sourceSet(this.sources(), () => undefined));
  }

  [Symbol.iterator](): Iterator<MarketEvent> {
    return mergeSync(this.series, this.sources());
  }
}
