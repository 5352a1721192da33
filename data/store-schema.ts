/**
 * The candle store's tables (DuckDB). Column names and types are a contract between the importers
 * (data/import), the historical feed (data/historical-feed.ts) and the results database: change them
 * in one place, here.
 *
 * Times are epoch milliseconds UTC (BIGINT). Rows are kept in (exchange, symbol, timeframe, open_time)
 * order by the writers so DuckDB's zone maps make one series' range scan a contiguous read.
 */
export const CANDLES_DDL = `
CREATE TABLE IF NOT EXISTS candles (
  exchange   VARCHAR NOT NULL,
  symbol     VARCHAR NOT NULL,
  timeframe  VARCHAR NOT NULL,
  open_time  BIGINT  NOT NULL,
  open       DOUBLE  NOT NULL,
  high       DOUBLE  NOT NULL,
  low        DOUBLE  NOT NULL,
  close      DOUBLE  NOT NULL,
  volume     DOUBLE  NOT NULL,
  synthetic  BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (exchange, symbol, timeframe, open_time)
)`;

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
 * move it into `candles` with one INSERT OR REPLACE. open_time is DOUBLE here (exact below 2^53) so
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
