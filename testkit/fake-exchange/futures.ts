import { mulberry32 } from '../../data/synth.ts';
import { lowerBound, upperBound } from '../../data/column-chunk.ts';

/** One perpetual's funding history: funding times (epoch ms, ascending) and the rate paid at each. */
export interface FakeFunding {
  /** Unified perpetual symbol, `BTC/USDT:USDT`; its wire id is `BTCUSDT`. */
  readonly symbol: string;
  readonly times: Float64Array;
  readonly rates: Float64Array;
}

/** Binance's 8-hourly funding (00:00, 08:00, 16:00 UTC) over [from, to), rates drawn from a seeded walk around 0.01%. */
export function generatedFunding(symbol: string, from: number, to: number, seed = 1): FakeFunding {
  const step = 8 * 3_600_000;
  const rnd = mulberry32(seed);
  const times: number[] = [];
  const rates: number[] = [];
  let rate = 0.0001;
  for (let t = Math.ceil(from / step) * step; t < to; t += step) {
    rate = Math.max(-0.0075, Math.min(0.0075, rate + (rnd() - 0.5) * 0.0002));
    times.push(t);
    rates.push(Math.round(rate * 1e8) / 1e8);
  }
  return { symbol, times: Float64Array.from(times), rates: Float64Array.from(rates) };
}

/** The wire id of a unified perpetual: `BTC/USDT:USDT` -> `BTCUSDT`. */
export function perpetualId(symbol: string): string {
  return symbol.split(':')[0].replace('/', '');
}

/** A USDⓈ-M perpetual as Binance's `/fapi/v1/exchangeInfo` lists it (the fields ccxt's parseMarket reads). */
function perpetualInfo(symbol: string) {
  const [pair, settle] = symbol.split(':');
  const [base, quote] = pair.split('/');
  return {
    symbol: perpetualId(symbol),
    pair: perpetualId(symbol),
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    baseAsset: base,
    quoteAsset: quote,
    marginAsset: settle ?? quote,
    pricePrecision: 2,
    quantityPrecision: 3,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.10', maxPrice: '4529764', tickSize: '0.10' },
      { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '120', stepSize: '0.001' },
      { filterType: 'MIN_NOTIONAL', notional: '100' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

export type Reply = { status: number; body: unknown };

/**
 * Binance's `/fapi/v1/premiumIndex` row of one perpetual at `now` (what ccxt's fetchFundingRate reads): the next
 * funding time after `now` and, as `lastFundingRate`, the rate that will be paid then (the fake knows its history
 * ahead; Binance's is the running estimate). Past the last scheduled time, `nextFundingTime` is 0, as Binance
 * shows a delisted contract.
 */
function premiumIndex(f: FakeFunding, now: number) {
  const i = upperBound(f.times, now);
  const next = i < f.times.length ? f.times[i] : 0;
  const rate = i < f.times.length ? f.rates[i] : 0;
  return {
    symbol: perpetualId(f.symbol),
    markPrice: '0.00000000',
    indexPrice: '0.00000000',
    estimatedSettlePrice: '0.00000000',
    lastFundingRate: rate.toFixed(8),
    interestRate: '0.00010000',
    nextFundingTime: next,
    time: now,
  };
}

/**
 * The USDⓈ-M futures routes: `GET /fapi/v1/exchangeInfo` (the perpetuals with funding),
 * `GET /fapi/v1/fundingRate` (symbol, startTime, endTime, limit: default 100, at most 1000; ascending from
 * startTime, or the latest `limit` without one, as Binance serves it; only times at or before `now`) and
 * `GET /fapi/v1/premiumIndex` (one symbol's next funding time and rate, or every perpetual's without `symbol`).
 * Null for any other path.
 */
export function futuresRoute(path: string, q: URLSearchParams, funding: ReadonlyMap<string, FakeFunding>, now: number): Reply | null {
  if (path === '/fapi/v1/exchangeInfo') {
    return { status: 200, body: { timezone: 'UTC', serverTime: now, rateLimits: [], exchangeFilters: [], assets: [], symbols: [...funding.values()].map((f) => perpetualInfo(f.symbol)) } };
  }
  if (path === '/fapi/v1/premiumIndex') {
    if (!q.has('symbol')) return { status: 200, body: [...funding.values()].map((f) => premiumIndex(f, now)) };
    const f = funding.get(q.get('symbol')!);
    return f === undefined ? { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } } : { status: 200, body: premiumIndex(f, now) };
  }
  if (path !== '/fapi/v1/fundingRate') return null;
  const f = funding.get(q.get('symbol') ?? '');
  if (f === undefined) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
  const limit = Math.min(Number(q.get('limit') ?? 100) || 100, 1000);
  const end = Math.min(q.has('endTime') ? Number(q.get('endTime')) : Number.POSITIVE_INFINITY, now);
  const t = f.times;
  const hi = upperBound(t, end);
  const lo = q.has('startTime') ? lowerBound(t, Number(q.get('startTime'))) : Math.max(0, hi - limit);
  const rows = [];
  for (let i = lo; i < hi && rows.length < limit; i++) rows.push({ symbol: perpetualId(f.symbol), fundingTime: t[i], fundingRate: f.rates[i].toFixed(8), markPrice: '0.00000000' });
  return { status: 200, body: rows };
}
