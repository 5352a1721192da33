import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Trade } from '../../engine/types.ts';
import { bars, closedEvents, HOUR, T0 } from './helpers.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const CONFIG_FILE = new URL('donchian_btc_1h.json', EXAMPLES);

/** The example config as a runner loads it: parsed, with its module resolved relative to examples/. */
async function load(overrides: Record<string, unknown> = {}) {
  const raw = { ...(JSON.parse(readFileSync(CONFIG_FILE, 'utf8')) as Record<string, unknown>), ...overrides };
  const config = parseStrategyConfig(raw, 'examples/donchian_btc_1h.json');
  const modulePath = fileURLToPath(new URL(config.module!, EXAMPLES));
  const mod = (await import(pathToFileURL(modulePath).href)) as { default: StrategyFactory };
  return { config, modulePath, factory: mod.default };
}

// 25 quiet bars in a 99..101 range, a breakout close of 102 on bar 25, a 101..102 range for bars 26..35, and a
// close of 100.5 on bar 36, below the lowest low (101) of the 10 bars before it.
const rows: [number, number, number, number][] = [
  ...Array.from({ length: 25 }, () => [100, 101, 99, 100] as [number, number, number, number]),
  [100, 102.5, 100, 102],
  ...Array.from({ length: 10 }, () => [101.5, 102, 101, 101.5] as [number, number, number, number]),
  [101.5, 101.5, 100.4, 100.5],
  [100.5, 100.8, 100.2, 100.6],
  [100.6, 100.9, 100.3, 100.7],
];
const candles = bars('BTC/USDT', '1h', HOUR, T0, rows);

describe('example code strategy: examples/strategies/donchian-breakout.ts', () => {
  it('the example config names a module that exists relative to examples/', async () => {
    const { config, modulePath, factory } = await load();
    expect(config.module).toBe('./strategies/donchian-breakout.ts');
    expect(existsSync(modulePath), modulePath).toBe(true);
    expect(typeof factory, 'the module exports a StrategyFactory as default').toBe('function');
  });

  it('runs through a manager given the factory in modules, trading the breakout and the exit by hand', async () => {
    const { config, factory } = await load();
    const manager = new StrategyManager({ modules: new Map([[config.module!, factory]]) });
    const trades: Trade[] = [];
    const signals: string[] = [];
    manager.events.on('trade', (t) => trades.push(t));
    manager.events.on('signal', (s) => signals.push(`${s.action}@${(s.time - T0) / HOUR - 1}`));
    const id = manager.startStrategy(config);
    await new Engine(manager, new BacktestClock()).run(new ArrayFeed(closedEvents(candles), [{ symbol: 'BTC/USDT', timeframe: '1h' }]));

    expect(id).toBe('donchian_btc_1h');
    expect(signals, 'BUY on the breakout bar 25, SELL on bar 36').toEqual(['BUY@25', 'SELL@36']);
    expect(trades.length).toBe(1);
    const t = trades[0];
    expect([t.entryTime, t.entryPrice], 'filled at bar 26 open').toEqual([T0 + 26 * HOUR, 101.5]);
    expect([t.exitTime, t.exitPrice, t.exitReason], 'filled at bar 37 open').toEqual([T0 + 37 * HOUR, 100.5, 'exit']);
    const qty = (10_000 * 0.5) / (101.5 * 1.001); // maxPositionSize 0.5 of equity, fee included
    expect(t.quantity).toBeCloseTo(qty, 10);
    expect(t.pnl, 'qty × (100.5 − 101.5) less both 10 bps fees').toBeCloseTo(qty * -1 - qty * 101.5 * 0.001 - qty * 100.5 * 0.001, 9);
  });

  it('rejects bad params when the strategy is started, naming the param', async () => {
    const { config, factory } = await load({ params: { entryPeriod: 500, exitPeriod: 10 } });
    const manager = new StrategyManager({ modules: new Map([[config.module!, factory]]) });
    expect(() => manager.startStrategy(config)).toThrow(/params\.entryPeriod must be an integer from 1 to bufferSize − 1 \(99\), got 500/);
  });
});
