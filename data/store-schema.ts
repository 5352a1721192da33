/**
 * The candle store's tables (DuckDB). Column names and types are a contract between the importers
 * (data/import), the historical feed (data/historical-feed.ts) and the results database: change them
 * in one place, here.
 *
 * Times are epoch milliseconds UTC (BIGINT). Rows are kept in (series, open_time) order by the writers so
 * DuckDB's zone maps make one series' range scan a contiguous read.
 *
 * Candles are stored in `candle_rows` under a small integer series id (`series_ids`), and read through the
 * view `candles`, which has the columns exchange, symbol, timeframe, open_time, open, high, low, close,
 * volume, synthetic. Writing three strings per row took 60% of an import's INSERT (1M rows: 275 ms against
 * 111 ms). `candle_rows` has no primary key: one row per (series, open_time) is kept by its one writer,
 * writeSeriesRows (store-write.ts); DuckDB's index on the key cost more than the rest of an import (1M rows
 * from Parquet: 1.0 s to insert and 0.75 s to commit with it, 0.55 s and 0.01 s without).
 */
const CANDLE_VALUES = `
  open_time  BIGINT  NOT NULL,
  open       DOUBLE  NOT NULL,
  high       DOUBLE  NOT NULL,
  low        DOUBLE  NOT NULL,
  close      DOUBLE  NOT NULL,
  volume     DOUBLE  NOT NULL,
  synthetic  BOOLEAN NOT NULL DEFAULT false`;

const SERIES_IDS_DDL = `CREATE TABLE IF NOT EXISTS series_ids (
  id         INTEGER NOT NULL PRIMARY KEY,
  exchange   VARCHAR NOT NULL,
  symbol     VARCHAR NOT NULL,
  timeframe  VARCHAR NOT NULL,
  UNIQUE (exchange, symbol, timeframe)
)`;

const CANDLE_ROWS_DDL = `CREATE TABLE IF NOT EXISTS candle_rows (
  series_id  INTEGER NOT NULL,${CANDLE_VALUES}
)`;

const CANDLES_VIEW = `CREATE VIEW IF NOT EXISTS candles AS
  SELECT s.exchange, s.symbol, s.timeframe, r.open_time, r.open, r.high, r.low, r.close, r.volume, r.synthetic
  FROM candle_rows r JOIN series_ids s ON s.id = r.series_id`;

/** Creates the candle tables and view where missing. */
export const CANDLES_DDL = [SERIES_IDS_DDL, CANDLE_ROWS_DDL, CANDLES_VIEW];

/**
 * Stores made when `candles` was a table (with or without its primary key): its rows move to `candle_rows`
 * in series and time order, series numbered in (exchange, symbol, timeframe) order, and `candles` becomes
 * the view (statements run in one transaction by openStore).
 */
export const CANDLES_FROM_TABLE = [
  SERIES_IDS_DDL,
  CANDLE_ROWS_DDL,
  `INSERT INTO series_ids SELECT row_number() OVER (ORDER BY exchange, symbol, timeframe), exchange, symbol, timeframe
     FROM (SELECT DISTINCT exchange, symbol, timeframe FROM candles)`,
  `INSERT INTO candle_rows SELECT s.id, c.open_time, c.open, c.high, c.low, c.close, c.volume, c.synthetic
     FROM candles c JOIN series_ids s USING (exchange, symbol, timeframe) ORDER BY s.id, c.open_time`,
  'DROP TABLE candles',
  CANDLES_VIEW,
];

/** Rejected input rows: never traded, never silently dropped. */
export const QUARANTINE_DDL = `
CREATE TABLE IF NOT EXISTS quarantine (
  source     VARCHAR NOT NULL,
  row_number BIGINT  NOT NULL,
  exchange   VARCHAR,
  symbol     VARCHAR,
  timeframe  VARCHAR,
  reason     VARCHAR NOT NULL,
  raw        VARCHAR NOT NULL,
  imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)`;

/**
 * What is known of a stored series beyond its candles: its prices (`as given`, or `adjusted` by Adj Close on
 * import) and the market its gaps were judged by. Written by each import; the latest import of a series wins.
 */
export const SERIES_INFO_DDL = `
CREATE TABLE IF NOT EXISTS series_info (
  exchange   VARCHAR NOT NULL,
  symbol     VARCHAR NOT NULL,
  timeframe  VARCHAR NOT NULL,
  prices     VARCHAR NOT NULL,
  market     VARCHAR NOT NULL,
  source     VARCHAR NOT NULL,
  PRIMARY KEY (exchange, symbol, timeframe)
)`;

/**
 * Funding rates of perpetual futures, next to the candles: one row per (exchange, symbol, funding time). `rate`
 * is the fraction of the position's notional paid at that time, positive when longs pay shorts (the exchanges'
 * and ccxt's sign convention).
 */
export const FUNDING_DDL = `
CREATE TABLE IF NOT EXISTS funding (
  exchange     VARCHAR NOT NULL,
  symbol       VARCHAR NOT NULL,
  funding_time BIGINT  NOT NULL,
  rate         DOUBLE  NOT NULL,
  source       VARCHAR NOT NULL,
  PRIMARY KEY (exchange, symbol, funding_time)
)`;

/** Default exchange name for data that does not say where it came from. */
export const DEFAULT_EXCHANGE = 'default';

/** Default store path, relative to the working folder. */
export const DEFAULT_STORE_PATH = '.strata/strata.duckdb';

/**
 * Per-connection staging table: writers bulk-append a batch here (DuckDB appender, no per-row SQL), then
 * move it into `candles` (writeSeriesRows). open_time is DOUBLE here (exact below 2^53) so
 * writers need no BigInt per row; it is cast to BIGINT on the way in.
 */
export const STAGING_DDL = `
CREATE TEMP TABLE IF NOT EXISTS candles_staging (
  open_time  DOUBLE  NOT NULL,
  open       DOUBLE  NOT NULL,
  high       DOUBLE  NOT NULL,
  low        DOUBLE  NOT NULL,
  close      DOUBLE  NOT NULL,
  volume     DOUBLE  NOT NULL,
  synthetic  BOOLEAN NOT NULL
)`;
