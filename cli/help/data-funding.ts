import { DEFAULT_STORE_PATH } from '../../data/store-schema.ts';

export const FUNDING_FETCH_HELP = `Usage: strata data fetch --funding --exchange ID --symbol BASE/QUOTE:SETTLE --since TIME [options]

Downloads a perpetual's funding-rate history through ccxt's fetchFundingRateHistory into the store, next to
its candles. Rates are fractions of the position's notional per payment, positive when longs pay shorts.
Rows that cannot be a funding rate (no time, no number, 10% or more per interval) are quarantined with their
row number; the report ends with the payments still missing in the range (a backtest must not price them as 0).

Options:
  --exchange ID       ccxt exchange id (required); also the exchange name in the store
  --symbol S          the perpetual, e.g. BTC/USDT:USDT (required)
  --since TIME        first funding time, ISO 8601 or epoch (required)
  --until TIME        stop before this time (default: now)
  --limit N           rows per request (default: 1000)
  --store PATH        store file (default: ${DEFAULT_STORE_PATH})
  --exchange-url URL  testing option: talk to this host instead of the exchange`;

export const FUNDING_IMPORT_HELP = `Usage: strata data import --funding FILE... --symbol BASE/QUOTE:SETTLE [options]

Imports funding rates from CSV (with a header), JSON (an array of rows) or Parquet: a time column
(fundingTime, time, timestamp, date) and a rate column (fundingRate, rate; freqtrade's funding_rate files: open).
Times are UTC unless they carry an offset. Bad rows are quarantined with their row number and reason; a file
with no usable row is an error. All of a file lands, or none of it.

Options:
  --symbol S          the perpetual the rates belong to (required)
  --exchange NAME     exchange name in the store (default: default)
  --store PATH        store file (default: ${DEFAULT_STORE_PATH})`;
