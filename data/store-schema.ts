/**
 * The candle store's tables (DuckDB). Column names and types are a contract between the importers
 * (data/import), the historical feed (data/historical-feed.ts) and the results database: change them
 * in one place, here.
 *
 * Times are epoch milliseconds UTC (BIGINT). Rows are kept in (exchange, symbol, timeframe, open_time)
 * order by the writers so DuckDB's zone maps make one series' range scan a contiguous read.
 *
 * `candles` has no primary key: one row per (exchange, symbol, timeframe, open_time) is kept by its one
 * writer, writeSeriesRows (store-write.ts). DuckDB's index on that key cost more than the rest of an import
 * (1M rows from Parquet: 1.0 s to insert and 0.75 s to commit with it, 0.55 s and 0.01 s without).
 */
const CANDLES_COLUMNS = `
  exchange   VARCHAR NOT NULL,
  symbol     VARCHAR NOT NULL,
  timeframe  VARCHAR NOT NULL,
  open_time  BIGINT  NOT NULL,
  open       DOUBLE  NOT NULL,
  high       DOUBLE  NOT NULL,
  low        DOUBLE  NOT NULL,
  close      DOUBLE  NOT NULL,
  volume     DOUBLE  NOT NULL,
  synthetic  BOOLEAN NOT NULL DEFAULT false`;

export const CANDLES_DDL = `CREATE TABLE IF NOT EXISTS candles (${CANDLES_COLUMNS}
)`;

/**
 * Stores made before `candles` lost its primary key: the table is rebuilt without it, rows in series and
 * time order (statements run in one transaction by openStore).
 */
export const CANDLES_UNKEY = [
  `CREATE TABLE candles_unkeyed (${CANDLES_COLUMNS}
)`,
  'INSERT INTO candles_unkeyed SELECT * FROM candles ORDER BY exchange, symbol, timeframe, open_time',
  'DROP TABLE candles',
  'ALTER TABLE candles_unkeyed RENAME TO candles',
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
