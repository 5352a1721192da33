/**
 * One latency measurement: a fresh EMA+RSI+MACD fleet on one synthetic series, warmed up for 600 candles
 * (indicators ready, history buffers full), then every candle's `manager.onNewCandle` timed with
 * process.hrtime.bigint(), per strategy and from candle in to each `signal` event.
 */
import { syntheticCandles } from '../candles.ts';
import { fleet } from '../fleet.ts';
import { percentile } from '../harness.ts';

export const WARMUP = 600;

export interface RunStats {
  perStrategy: { p50: number; p99: number; max: number };
  toSignal: { p50: number; p99: number; max: number; count: number };
}

export function measureLatency(strategies: number, candleCount: number, gc: () => void): RunStats {
  const candles = syntheticCandles(WARMUP + candleCount, { seed: 11 });
  const m = fleet(strategies);
  const perCandle = new Float64Array(candleCount);
  const toSignal = new Float64Array(Math.max(1024, candleCount * strategies));
  let signals = 0;
  let t0 = 0n;
  let timing = false;
  m.events.on('signal', () => {
    if (timing && signals < toSignal.length) toSignal[signals++] = Number(process.hrtime.bigint() - t0);
  });
  for (let i = 0; i < WARMUP; i++) m.onNewCandle(candles[i]);
  gc();
  timing = true;
  for (let i = 0; i < candleCount; i++) {
    const c = candles[WARMUP + i];
    t0 = process.hrtime.bigint();
    m.onNewCandle(c);
    perCandle[i] = Number(process.hrtime.bigint() - t0) / strategies;
  }
  perCandle.sort();
  const sig = toSignal.subarray(0, signals).sort();
  return {
    perStrategy: { p50: percentile(perCandle, 0.5), p99: percentile(perCandle, 0.99), max: perCandle[perCandle.length - 1] },
    toSignal: { p50: percentile(sig, 0.5), p99: percentile(sig, 0.99), max: signals ? sig[signals - 1] : Number.NaN, count: signals },
  };
}
