/**
 * The design document's diagram as a test fixture: BTC/USDT 15m MACD, ETH/USDT 5m RSI and BTC/USDT 1h EMA strategies on
 * ONE 1m feed of two symbols (seeded random walks over three days), plus a runner that collects each
 * strategy's signals, fills, trades and equity curve from the shared emitter.
 */
import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed, type Feed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Candle, Fill, MarketEvent, SeriesKey, Signal, Trade } from '../../engine/types.ts';
import { DAY, mergeEvents, MINUTE, randomWalk } from './helpers.ts';

export const DAYS = 3;
export const MINUTES = (DAYS * DAY) / MINUTE;
export const BTC_1M = randomWalk('BTC/USDT', MINUTES, 11, 42_000);
export const ETH_1M = randomWalk('ETH/USDT', MINUTES, 23, 2_300);
/** Both symbols' minutes merged by close time (BTC before ETH at equal times). */
export const EVENTS: MarketEvent[] = mergeEvents(BTC_1M, ETH_1M);
export const SOURCE_SERIES: SeriesKey[] = [
  { symbol: 'BTC/USDT', timeframe: '1m' },
  { symbol: 'ETH/USDT', timeframe: '1m' },
];

/** Strategy A: the design document's example config, as written. */
export const MACD_BTC_15M: StrategyConfigInput = {
  id: 'macd_btc_15m',
  name: 'MACD BTC 15m Strategy',
  symbol: 'BTC/USDT',
  timeframe: '15m',
  indicators: { macd: { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }, rsi: { period: 14, overbought: 70, oversold: 30 } },
  rules: {
    entry: { condition: 'macd_crossover_bullish AND rsi < 70', confidence: 0.75 },
    exit: { condition: 'macd_crossover_bearish OR rsi > 80', confidence: 0.8 },
  },
  risk: { maxPositionSize: 0.1, stopLoss: 0.02, takeProfit: 0.04 },
};

/** Strategy B: RSI mean reversion on ETH 5m. */
export const RSI_ETH_5M: StrategyConfigInput = {
  id: 'rsi_eth_5m',
  symbol: 'ETH/USDT',
  timeframe: '5m',
  indicators: { rsi: { period: 14, overbought: 65, oversold: 35 } },
  rules: { entry: { condition: 'rsi_crossover_bullish' }, exit: { condition: 'rsi > 60' } },
  risk: { maxPositionSize: 0.5 },
};

/** Strategy C: fast/slow EMA crossover on BTC 1h. */
export const EMA_BTC_1H: StrategyConfigInput = {
  id: 'ema_btc_1h',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: 5 }, slow: { type: 'ema', period: 13 } },
  rules: { entry: { condition: 'ema_crossover_bullish' }, exit: { condition: 'ema_crossover_bearish' } },
};

export interface StrategyOutput {
  signals: Signal[];
  fills: Fill[];
  trades: Trade[];
  equity: { time: number; equity: number; drawdown: number }[];
  /** Candles the instance processed, as `symbol timeframe openTime`. */
  candles: string[];
}

export interface ScenarioOptions {
  modules?: ReadonlyMap<string, StrategyFactory>;
  /** Builds the feed over the events (default: ArrayFeed). */
  feed?: (events: readonly MarketEvent[], series: readonly SeriesKey[]) => Feed;
  /** Runs before the event at this index is processed (mid-run API calls). */
  actions?: Record<number, (manager: StrategyManager) => void>;
  events?: readonly MarketEvent[];
}

/** Starts the configs in order, runs the feed through one Engine, and returns each strategy's outputs by id. */
export async function runScenario(configs: readonly StrategyConfigInput[], opts: ScenarioOptions = {}) {
  const manager = new StrategyManager({ modules: opts.modules });
  const out = new Map<string, StrategyOutput>();
  const of = (id: string) => {
    let o = out.get(id);
    if (!o) out.set(id, (o = { signals: [], fills: [], trades: [], equity: [], candles: [] }));
    return o;
  };
  manager.events.on('signal', (s) => of(s.strategyId).signals.push(s));
  manager.events.on('fill', (f) => of(f.strategyId).fills.push(f));
  manager.events.on('trade', (t) => of(t.strategyId).trades.push(t));
  manager.events.on('equity', (e) => of(e.strategyId).equity.push({ time: e.time, equity: e.equity, drawdown: e.drawdown }));
  const ids = configs.map((c) => {
    const id = manager.startStrategy(c);
    // Wrap the instance's entry point to record exactly which candles reach it.
    const inst = manager.getInstance(id);
    const process = inst.processCandle.bind(inst);
    inst.processCandle = (c: Candle) => {
      of(id).candles.push(`${c.symbol} ${c.timeframe} ${c.openTime}`);
      process(c);
    };
    return id;
  });
  const events = opts.events ?? EVENTS;
  const actions = opts.actions ?? {};
  const base = (opts.feed ?? ((e, s) => new ArrayFeed(e, s)))(events, SOURCE_SERIES);
  const feed: Feed = Object.keys(actions).length === 0 ? base : withActions(base, actions, manager);
  const summary = await new Engine(manager, new BacktestClock()).run(feed);
  return { manager, ids, outputs: out, summary, of };
}

function withActions(feed: Feed, actions: Record<number, (m: StrategyManager) => void>, manager: StrategyManager): Feed {
  return {
    series: feed.series,
    async *[Symbol.asyncIterator]() {
      let i = 0;
      for await (const e of feed) {
        actions[i++]?.(manager);
        yield e;
      }
    },
  };
}

/** What a strategy produced that others must never influence: its signals, trades and equity curve. */
export function results(o: StrategyOutput | undefined) {
  return { signals: o?.signals ?? [], trades: o?.trades ?? [], equity: o?.equity ?? [] };
}
