import { describe, expect, it } from 'vitest';
import { BacktestClock } from './clock.ts';
import { ConfigError } from './config/parse.ts';
import { Engine } from './engine.ts';
import type { EngineEventName } from './events.ts';
import type { OrderGate } from './execution/order-gate.ts';
import type { Feed } from './feed.ts';
import { createIndicator } from './indicators/create.ts';
import type { IndicatorManager } from './indicators/indicator-manager.ts';
import { StrategyManager, UnknownStrategyError } from './manager.ts';
import type { StrategyFactory } from './strategy/strategy.ts';
import type { MarketEvent, SeriesKey } from './types.ts';
import { closedEvents, HOUR, randomWalk, T0 } from '../tests/engine/helpers.ts';
import { scripted } from '../tests/engine/scripted.ts';

const BTC_1H: SeriesKey = { symbol: 'BTC/USDT', timeframe: '1h' };
const at = (i: number) => T0 + i * HOUR;
const walk = (n: number) => randomWalk('BTC/USDT', n, 7, 100, T0, '1h', HOUR);

/** A feed that runs `actions[i]` just before yielding event i: an API call arriving while the engine runs. */
class ScriptedFeed implements Feed {
  constructor(
    private readonly events: readonly MarketEvent[],
    readonly series: readonly SeriesKey[],
    private readonly actions: Record<number, () => void>,
  ) {}
  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    for (let i = 0; i < this.events.length; i++) {
      this.actions[i]?.();
      yield this.events[i];
    }
  }
}

const run = (manager: StrategyManager, feed: Feed) => new Engine(manager, new BacktestClock()).run(feed);

/** A code strategy that buys on bar `buyAt` and never sells; counts the bars it was asked about. */
function counting(seen: number[], plan: Record<number, 'BUY' | 'SELL'> = {}): StrategyFactory {
  const inner = scripted(plan);
  return (config, indicators) => {
    const s = inner(config, indicators);
    return { onCandle: (ctx) => (seen.push(ctx.candle.openTime), s.onCandle(ctx)) };
  };
}

describe('StrategyManager lifecycle while the engine runs', () => {
  it('start, pause, resume, stop and restart mid-run, each with a status event from/to', async () => {
    const seen: number[] = [];
    const manager = new StrategyManager({ modules: new Map([['m', counting(seen)]]) });
    const statuses: string[] = [];
    manager.events.on('status', (s) => statuses.push(`${s.strategyId}:${s.from}->${s.to}:${s.reason}`));
    let id = '';
    await run(
      manager,
      new ScriptedFeed(closedEvents(walk(20)), [BTC_1H], {
        2: () => (id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' })),
        5: () => manager.pauseStrategy(id),
        8: () => manager.resumeStrategy(id),
        11: () => manager.stopStrategy(id),
        14: () => manager.restartStrategy(id),
      }),
    );
    expect(statuses, 'every transition, with where it came from').toEqual([
      'a:null->running:started',
      'a:running->paused:paused by request',
      'a:paused->running:resumed by request',
      'a:running->stopped:stopped by request',
      'a:stopped->running:restarted',
    ]);
    const asked = seen.map((t) => (t - T0) / HOUR);
    expect(asked, 'asked from bar 2, also while paused (its rules stay warm); not while stopped (11..13); again after restart').toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 19]);
    expect(manager.getMetrics(id).performance.bars, 'a restart starts the metrics afresh: bars 14..19').toBe(6);
    expect(manager.list()).toEqual([{ id: 'a', name: 'a', symbol: 'BTC/USDT', timeframe: '1h', status: 'running' }]);
  });

  it('a strategy started mid-bucket gets its first bar from the next whole bucket, never a partial one', async () => {
    const seen: string[] = [];
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    const minutes = randomWalk('BTC/USDT', 40, 3, 100);
    let id = '';
    await run(
      manager,
      new ScriptedFeed(closedEvents(minutes), [{ symbol: 'BTC/USDT', timeframe: '1m' }], {
        7: () => {
          id = manager.startStrategy({ id: 'late', symbol: 'BTC/USDT', timeframe: '15m', module: 'm' });
          const inst = manager.getInstance(id);
          const process = inst.processCandle.bind(inst);
          inst.processCandle = (c) => (seen.push(`${(c.openTime - T0) / 60_000} open=${c.open}`), process(c));
        },
      }),
    );
    // Started before minute 7: the 00:00 bucket already lost minutes 0..6, so the first bar is 00:15 (minutes 15..29).
    expect(seen, 'the 00:15 bar opens at minute 15').toEqual([`15 open=${minutes[15].open}`]);
  });

  it('a paused strategy still sees bars (indicators stay warm) but is not asked for intents', async () => {
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' });
    await run(manager, new ScriptedFeed(closedEvents(walk(10)), [BTC_1H], { 3: () => manager.pauseStrategy(id) }));
    expect(manager.getMetrics(id).performance.bars, 'all 10 bars were marked to market').toBe(10);
  });

  it('lifecycle calls check the state they act on', () => {
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' });
    expect(() => manager.resumeStrategy(id), 'running: nothing to resume').toThrow(/only a paused strategy/);
    manager.stopStrategy(id);
    expect(() => manager.pauseStrategy(id), 'stopped: cannot pause').toThrow(/only a running strategy/);
    expect(() => manager.stopStrategy(id), 'stopping twice is harmless').not.toThrow();
  });

  it('ids are unique: a second config with the same id gets a suffix; names are slugged', () => {
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    const cfg = { id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' };
    expect([manager.startStrategy(cfg), manager.startStrategy(cfg), manager.startStrategy(cfg)]).toEqual(['a', 'a-2', 'a-3']);
    expect(manager.startStrategy({ name: 'My EMA / BTC!', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' })).toBe('My-EMA-BTC');
  });

  it('getMetrics mid-run reflects the bars so far', async () => {
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' });
    const snapshots: number[] = [];
    await run(manager, new ScriptedFeed(closedEvents(walk(6)), [BTC_1H], { 4: () => snapshots.push(manager.getMetrics(id).performance.bars) }));
    expect(snapshots, 'before the 5th event, 4 bars were processed').toEqual([4]);
  });

  it('unknown ids throw UnknownStrategyError from every call', () => {
    const manager = new StrategyManager();
    const calls: [string, () => unknown][] = [
      ['stop', () => manager.stopStrategy('x')],
      ['pause', () => manager.pauseStrategy('x')],
      ['resume', () => manager.resumeStrategy('x')],
      ['restart', () => manager.restartStrategy('x')],
      ['updateConfig', () => manager.updateConfig('x', {})],
      ['getMetrics', () => manager.getMetrics('x')],
      ['getInstance', () => manager.getInstance('x')],
    ];
    for (const [name, call] of calls) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(UnknownStrategyError);
      expect((err as UnknownStrategyError).strategyId, name).toBe('x');
    }
    expect(manager.has('x')).toBe(false);
  });

  it('refuses a module that was not loaded, naming it', () => {
    expect(() => new StrategyManager().startStrategy({ symbol: 'BTC/USDT', timeframe: '1h', module: './nope.ts' })).toThrow(/"\.\/nope\.ts" is not loaded/);
  });

  it('refuses a timeframe the feed cannot provide, naming what it has', async () => {
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    manager.setSourceSeries([{ symbol: 'BTC/USDT', timeframe: '15m' }]);
    expect(() => manager.startStrategy({ symbol: 'BTC/USDT', timeframe: '10m', module: 'm' })).toThrow(/no data for BTC\/USDT 10m: the feed delivers BTC\/USDT 15m/);
    expect(() => manager.startStrategy({ symbol: 'ETH/USDT', timeframe: '1h', module: 'm' })).toThrow(/no data for ETH\/USDT 1h/);
  });
});

describe('updateConfig', () => {
  it('keeps the position and the metrics, and rebuilds indicators from the buffered candles', async () => {
    let latest: IndicatorManager | null = null;
    const factory: StrategyFactory = (config, indicators) => {
      latest = indicators;
      return scripted({ [at(3)]: 'BUY' })(config, indicators);
    };
    const manager = new StrategyManager({ modules: new Map([['m', factory]]) });
    const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm', bufferSize: 30, indicators: { rsi: { period: 14 } } });
    const candles = walk(80);
    await run(manager, new ScriptedFeed(closedEvents(candles.slice(0, 60)), [BTC_1H], {}));
    const before = manager.getMetrics(id);
    expect(before.current.position, 'bought at bar 4 open').not.toBeNull();

    const updated = manager.updateConfig(id, { indicators: { rsi: { period: 7 } } });
    expect(updated.indicators.rsi, 'deep-merged and re-validated').toEqual({ type: 'rsi', period: 7, overbought: 70, oversold: 30, source: 'close' });
    const after = manager.getMetrics(id);
    expect(after.current.position, 'the position survives the update').toEqual(before.current.position);
    expect(after.performance, 'so do the metrics').toEqual(before.performance);

    const fresh = createIndicator({ type: 'rsi', period: 7, overbought: 70, oversold: 30, source: 'close' });
    for (const c of candles.slice(30, 60)) fresh.updateBar(c); // the buffer holds the last 30 candles
    const rebuilt = latest!.get('rsi')!.value;
    expect(rebuilt, 'warm after replaying the buffer').not.toBeNull();
    expect(rebuilt, 'the rebuilt RSI(7) equals a fresh RSI(7) fed the same buffered candles').toBe(fresh.value);

    await run(manager, new ScriptedFeed(closedEvents(candles.slice(60)), [BTC_1H], {}));
    for (const c of candles.slice(60)) fresh.updateBar(c);
    expect(latest!.get('rsi')!.value, 'and it keeps tracking afterwards').toBe(fresh.value);
    expect(manager.getMetrics(id).performance.bars, 'metrics continued through the update').toBe(80);
  });

  it('updates a JSON rule strategy in place: its new rule acts, the open position is kept', async () => {
    const manager = new StrategyManager();
    const id = manager.startStrategy({
      id: 'r',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      execution: { fill: 'close' },
      rules: { entry: { condition: 'close > 0' }, exit: { condition: 'close < 0' } },
    });
    const trades: [number, number][] = [];
    manager.events.on('trade', (t) => trades.push([(t.entryTime - T0) / HOUR - 1, (t.exitTime - T0) / HOUR - 1]));
    await run(manager, new ScriptedFeed(closedEvents(walk(10)), [BTC_1H], { 5: () => manager.updateConfig(id, { rules: { exit: { condition: 'close > 0' } } }) }));
    // Entry on bar 0's close; the old exit never fires. From bar 5 on the new exit always holds: the position
    // bought at bar 0 is sold at bar 5, then entries and exits alternate.
    expect(trades, '[entry bar, exit bar] of each round trip').toEqual([
      [0, 5],
      [6, 7],
      [8, 9],
    ]);
    expect(manager.getInstance(id).config.rules?.exit?.condition).toBe('close > 0');
  });

  it('refuses to change symbol, timeframe or capital, and keeps the old config on any failure', () => {
    const manager = new StrategyManager({ modules: new Map([['m', counting([])]]) });
    const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' });
    expect(() => manager.updateConfig(id, { symbol: 'ETH/USDT' }), 'another market is another strategy').toThrow(/cannot change symbol/);
    expect(() => manager.updateConfig(id, { timeframe: '4h' })).toThrow(/cannot change timeframe/);
    expect(() => manager.updateConfig(id, { capital: 5 })).toThrow(/cannot change capital/);
    expect(() => manager.updateConfig(id, { risk: { stopLoss: -1 } }), 'an invalid update is a ConfigError').toThrow(ConfigError);
    expect(() => manager.updateConfig(id, JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>)).toThrow(/forbidden key/);
    expect(manager.getInstance(id).config.symbol, 'unchanged').toBe('BTC/USDT');
    expect(manager.getInstance(id).config.risk, 'unchanged').toEqual({});
  });
});

describe('events: everything goes through the one emitter', () => {
  it('emits candle, signal, order, fill, trade, orderBlocked, metrics, equity, status, error and feed', async () => {
    let reviews = 0;
    const blockSecond: OrderGate = { review: () => (++reviews === 2 ? { blocked: true, limit: 'portfolio', detail: 'test' } : { blocked: false }) };
    const thrower: StrategyFactory = () => ({
      onCandle(ctx) {
        if (ctx.candle.openTime === at(6)) throw new Error('boom');
        return null;
      },
    });
    const manager = new StrategyManager({
      gate: blockSecond,
      modules: new Map<string, StrategyFactory>([
        ['trader', scripted({ [at(0)]: 'BUY', [at(2)]: 'SELL', [at(4)]: 'BUY' })],
        ['thrower', thrower],
      ]),
    });
    const counts: Partial<Record<EngineEventName, number>> = {};
    const names: EngineEventName[] = ['candle', 'signal', 'order', 'fill', 'trade', 'orderBlocked', 'metrics', 'equity', 'status', 'error', 'feed'];
    for (const n of names) manager.events.on(n, () => (counts[n] = (counts[n] ?? 0) + 1));
    const metricsSeen: string[] = [];
    manager.events.on('metrics', (m) => metricsSeen.push(`${m.id}:${m.status}:${m.performance.totalTrades}`));
    manager.startStrategy({ id: 't', symbol: 'BTC/USDT', timeframe: '1h', module: 'trader' });
    manager.startStrategy({ id: 'x', symbol: 'BTC/USDT', timeframe: '1h', module: 'thrower' });
    const events: MarketEvent[] = [
      { kind: 'status', time: T0, status: 'connected', detail: 'hello' },
      ...closedEvents(walk(8)),
      { kind: 'candle', candle: walk(9)[8], closed: false },
    ];
    await run(manager, new ScriptedFeed(events, [BTC_1H], {}));
    expect(counts, 'each event type, counted').toEqual({
      feed: 1,
      candle: 9, // 8 closed + 1 in progress
      signal: 3, // BUY at bar 0, SELL at bar 2, BUY at bar 4 (the strategy did signal; the gate then blocked the order)
      order: 2,
      fill: 2,
      trade: 1,
      orderBlocked: 1,
      equity: 8 + 6, // t: 8 bars; x: bars 0..5 (it fails on bar 6 before marking)
      status: 3, // t started, x started, x errored
      error: 1,
      metrics: 2 + 2 + 1, // two starts, two fills, one status change (x errored)
    });
    expect(metricsSeen, 'metrics follow each fill (at the end of its bar) and status change').toEqual([
      't:running:0',
      'x:running:0',
      't:running:0',
      't:running:1',
      'x:errored:0',
    ]);
  });

  it('emits no metrics events, and builds no snapshots, when nobody listens', async () => {
    const manager = new StrategyManager({ modules: new Map([['m', scripted({ [at(0)]: 'BUY' })]]) });
    const id = manager.startStrategy({ id: 'a', symbol: 'BTC/USDT', timeframe: '1h', module: 'm' });
    const inst = manager.getInstance(id);
    let built = 0;
    const original = inst.getMetrics.bind(inst);
    inst.getMetrics = () => (built++, original());
    await run(manager, new ScriptedFeed(closedEvents(walk(5)), [BTC_1H], {}));
    expect(built, 'no listener: no snapshot work per fill').toBe(0);
  });
});
