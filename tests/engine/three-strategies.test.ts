import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, sha256, T0 } from './helpers.ts';
import { DAYS, EMA_BTC_1H, MACD_BTC_15M, results, RSI_ETH_5M, runScenario } from './scenario.ts';

/**
 * The design document's diagram: three strategies, two symbols, three timeframes, one 1m feed. Each strategy must
 * receive exactly its own series, keep its own books, and be unaffected by the others coming and going.
 */
describe('three strategies on one two-symbol 1m feed', async () => {
  const trio = await runScenario([MACD_BTC_15M, RSI_ETH_5M, EMA_BTC_1H]);
  const A = trio.outputs.get('macd_btc_15m')!;
  const B = trio.outputs.get('rsi_eth_5m')!;
  const C = trio.outputs.get('ema_btc_1h')!;

  it('the feed delivered both symbols minute by minute', () => {
    expect(trio.summary.candles, `2 symbols × ${DAYS} days × 1,440 minutes`).toBe(2 * DAYS * 1440);
  });

  it('each strategy receives only its own symbol at its own timeframe, every bucket exactly once', () => {
    const expected = (symbol: string, tf: string, ms: number) => Array.from({ length: (DAYS * DAY) / ms }, (_, i) => `${symbol} ${tf} ${T0 + i * ms}`);
    expect(A.candles.length, '3 days of 15m bars').toBe(288);
    expect(B.candles.length, '3 days of 5m bars').toBe(864);
    expect(C.candles.length, '3 days of 1h bars').toBe(72);
    expect(A.candles, 'BTC/USDT 15m, consecutive UTC buckets, nothing else').toEqual(expected('BTC/USDT', '15m', 15 * MINUTE));
    expect(B.candles, 'ETH/USDT 5m only').toEqual(expected('ETH/USDT', '5m', 5 * MINUTE));
    expect(C.candles, 'BTC/USDT 1h only').toEqual(expected('BTC/USDT', '1h', HOUR));
  });

  it('each has its own P&L: its own trades, in its own symbol, on its own account', () => {
    for (const [o, symbol, id] of [
      [A, 'BTC/USDT', 'macd_btc_15m'],
      [B, 'ETH/USDT', 'rsi_eth_5m'],
      [C, 'BTC/USDT', 'ema_btc_1h'],
    ] as const) {
      expect(o.trades.length, `${id} traded in this scenario (otherwise the test proves little)`).toBeGreaterThan(0);
      expect(new Set(o.trades.map((t) => `${t.strategyId} ${t.symbol}`)), `${id}: trades carry its id and symbol`).toEqual(new Set([`${id} ${symbol}`]));
      const m = trio.manager.getMetrics(id);
      expect(m.performance.equity, `${id}: metrics equity is its own last marked equity`).toBe(o.equity.at(-1)!.equity);
      const realized = o.trades.reduce((s, t) => s + t.pnl, 0);
      expect(m.performance.realizedPnL, `${id}: realized P&L is the sum of its own trades`).toBeCloseTo(realized, 8);
      // Unrealized P&L is the price move of the open position; its entry fee is already paid out of cash.
      const entryFee = m.current.position?.entryFee ?? 0;
      expect(m.performance.equity, `${id}: equity = capital + realized + unrealized − open entry fee`).toBeCloseTo(10_000 + realized + m.current.unrealizedPnL - entryFee, 6);
    }
    expect(sha256(results(A)), 'two BTC strategies do not share books').not.toBe(sha256(results(C)));
  });

  it('each strategy alone gives exactly what it gave in company', async () => {
    for (const cfg of [MACD_BTC_15M, RSI_ETH_5M, EMA_BTC_1H]) {
      const solo = await runScenario([cfg]);
      expect(sha256(results(solo.outputs.get(cfg.id!))), `${cfg.id}: alone == together`).toBe(sha256(results(trio.outputs.get(cfg.id!))));
    }
  });

  it('stopping one mid-run (with an open position) leaves the other two byte-identical', async () => {
    // Stop C halfway through its first trade, so stopping closes a real position.
    const first = C.trades[0];
    const stopAt = first.entryTime + Math.floor((first.exitTime - first.entryTime) / 2 / HOUR) * HOUR;
    expect(stopAt > first.entryTime && stopAt < first.exitTime, 'the stop falls inside the first trade').toBe(true);
    // Two events per minute (BTC, ETH); event `index` is the BTC minute closing at stopAt + 1m, so every bar
    // that closed by stopAt has been processed when the stop arrives.
    const index = ((stopAt - T0) / MINUTE) * 2;
    let openWhenStopped = false;
    const withStop = await runScenario([MACD_BTC_15M, RSI_ETH_5M, EMA_BTC_1H], {
      actions: {
        [index]: (m) => {
          openWhenStopped = m.getMetrics('ema_btc_1h').current.position !== null;
          m.stopStrategy('ema_btc_1h');
        },
      },
    });
    const without = await runScenario([MACD_BTC_15M, RSI_ETH_5M]);
    expect(openWhenStopped, 'C held a position when it was stopped').toBe(true);
    const stoppedC = withStop.outputs.get('ema_btc_1h')!;
    expect(stoppedC.trades.at(-1)?.exitReason, 'stopping closed it').toBe('stopped');
    expect(stoppedC.candles.length, 'C saw no candle after its stop').toBe((stopAt - T0) / HOUR);
    for (const id of ['macd_btc_15m', 'rsi_eth_5m']) {
      expect(sha256(results(withStop.outputs.get(id))), `${id}: unaffected by C being stopped`).toBe(sha256(results(without.outputs.get(id))));
      expect(sha256(results(withStop.outputs.get(id))), `${id}: and unaffected by C running`).toBe(sha256(results(trio.outputs.get(id))));
    }
    expect(withStop.manager.list().map((s) => `${s.id}:${s.status}`)).toEqual(['macd_btc_15m:running', 'rsi_eth_5m:running', 'ema_btc_1h:stopped']);
  });
});
