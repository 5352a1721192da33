import { describe, expect, it } from 'vitest';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { sha256 } from './helpers.ts';
import { EMA_BTC_1H, MACD_BTC_15M, results, RSI_ETH_5M, runScenario } from './scenario.ts';

/** Throws on the 50th bar it is asked about. */
const thrower: StrategyFactory = () => {
  let n = 0;
  return {
    onCandle() {
      if (++n === 50) throw new Error('strategy bug on bar 50');
      return null;
    },
  };
};

/** Asks for a NaN quantity on its 30th bar. */
const nanQuantity: StrategyFactory = () => {
  let n = 0;
  return { onCandle: () => (++n === 30 ? { action: 'BUY', quantity: Number.NaN } : null) };
};

/** Buys on its 3rd bar, then tries to corrupt its own position on the 10th: the books are frozen, so it fails there. */
const nanEquity: StrategyFactory = () => {
  let n = 0;
  return {
    onCandle(ctx) {
      n++;
      if (n === 3) return { action: 'BUY' };
      if (n === 10 && ctx.position) (ctx.position as { quantity: number }).quantity = Number.NaN;
      return null;
    },
  };
};

const modules = new Map<string, StrategyFactory>([
  ['thrower', thrower],
  ['nan-quantity', nanQuantity],
  ['nan-equity', nanEquity],
]);

// Each faulty strategy shares a series with a healthy one and is subscribed just before it, so a failure in
// the middle of a delivery would show up as the next subscriber missing that candle.
const FAULTY: StrategyConfigInput[] = [
  { id: 'thrower', symbol: 'BTC/USDT', timeframe: '15m', module: 'thrower' },
  { id: 'nan_quantity', symbol: 'ETH/USDT', timeframe: '5m', module: 'nan-quantity' },
  { id: 'nan_equity', symbol: 'BTC/USDT', timeframe: '1h', module: 'nan-equity' },
];
const HEALTHY = [MACD_BTC_15M, RSI_ETH_5M, EMA_BTC_1H];

describe('isolation: a failing strategy cannot disturb the others', async () => {
  const clean = await runScenario(HEALTHY, { modules });
  const mixed = await runScenario([FAULTY[0], HEALTHY[0], FAULTY[1], HEALTHY[1], FAULTY[2], HEALTHY[2]], { modules });
  const errors: { strategyId: string; message: string }[] = [];
  const statuses: string[] = [];
  // A third run, to observe the error and status events as they are emitted.
  await runScenario([FAULTY[0], HEALTHY[0], FAULTY[1], HEALTHY[1], FAULTY[2], HEALTHY[2]], {
    modules,
    actions: {
      0: (m) => {
        m.events.on('error', (e) => errors.push({ strategyId: e.strategyId, message: e.message }));
        m.events.on('status', (s) => s.to === 'errored' && statuses.push(`${s.strategyId}:${s.from}->${s.to}`));
      },
    },
  });

  it('each faulty strategy ends errored with its error recorded', () => {
    const status = (id: string) => mixed.manager.getInstance(id);
    expect(status('thrower').status).toBe('errored');
    expect(status('thrower').errorMessage).toBe('strategy bug on bar 50');
    expect(status('nan_quantity').status).toBe('errored');
    expect(status('nan_quantity').errorMessage).toMatch(/quantity NaN/);
    expect(status('nan_equity').status).toBe('errored');
    expect(status('nan_equity').errorMessage, 'a strategy cannot write to its books').toMatch(/read only property 'quantity'/);
    expect(mixed.manager.getMetrics('thrower').status, 'metrics report it too').toBe('errored');
  });

  it('the errors are emitted as error events and running -> errored status changes', () => {
    expect(errors.map((e) => e.strategyId).sort()).toEqual(['nan_equity', 'nan_quantity', 'thrower']);
    expect(errors.find((e) => e.strategyId === 'thrower')?.message).toBe('strategy bug on bar 50');
    expect(statuses.sort()).toEqual(['nan_equity:running->errored', 'nan_quantity:running->errored', 'thrower:running->errored']);
  });

  it('an errored strategy receives no further candles', () => {
    expect(mixed.outputs.get('thrower')!.candles.length, 'the 50th candle was its last').toBe(50);
    expect(mixed.outputs.get('nan_quantity')!.candles.length).toBe(30);
    expect(mixed.outputs.get('nan_equity')!.candles.length).toBe(10);
  });

  it("the healthy strategies' signals, trades and equity are byte-identical to a run without the faulty ones", () => {
    for (const cfg of HEALTHY) {
      const a = results(clean.outputs.get(cfg.id!));
      const b = results(mixed.outputs.get(cfg.id!));
      expect(a.trades.length + a.signals.length, `${cfg.id} did something (a hash of nothing proves nothing)`).toBeGreaterThan(0);
      expect(sha256(b), `${cfg.id}: same bytes with faulty neighbours`).toBe(sha256(a));
      expect(mixed.manager.getInstance(cfg.id!).status, `${cfg.id} still running`).toBe('running');
    }
  });
});
