import type { StrategyConfigInput } from '../engine/config/schema.ts';
import { StrategyManager } from '../engine/manager.ts';
import type { Candle } from '../engine/types.ts';
import { fleet, fleetTrades, timeReplay } from './fleet.ts';
import type { Figure, SuiteContext } from './harness.ts';
import { emaRsiMacdConfig } from './strategies.ts';

/**
 * The multi-series fleet: the replay benchmark's EMA+RSI+MACD strategy with a 4h informative series, its EMA
 * bound to that series (so `close > ema` compares the 1m close with the 4h trend). Three indicators, as in the
 * single-series fleet; the 4h bars are aggregated by the engine from the same 1m feed.
 */
export function multiSeriesConfig(i: number, symbol = 'BTC/USDT'): StrategyConfigInput {
  const base = emaRsiMacdConfig(i, symbol, '1m');
  const indicators = base.indicators as Record<string, Record<string, unknown>>;
  return { ...base, series: { h4: { timeframe: '4h' } }, indicators: { ...indicators, ema: { ...indicators.ema, type: 'ema', series: 'h4' } } };
}

/** `n` multi-series strategies on a manager told its feed delivers the 1m series (so 4h is aggregated). */
export function seriesFleet(n: number, symbol = 'BTC/USDT'): StrategyManager {
  const m = new StrategyManager();
  m.setSourceSeries([{ symbol, timeframe: '1m' }]);
  for (let i = 0; i < n; i++) m.startStrategy(multiSeriesConfig(i, symbol));
  return m;
}

/** One replay through a fresh fleet: CPU and wall ns per strategy-candle. */
export function once(make: () => StrategyManager, n: number, candles: readonly Candle[], ctx: SuiteContext): { cpu: number; wall: number; trades: number } {
  const m = make();
  const t = timeReplay(m, candles, ctx);
  const updates = n * candles.length;
  return { cpu: t.cpuNs / updates, wall: t.wallNs / updates, trades: fleetTrades(m) };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 === 1 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/**
 * 100 multi-series strategies against the single-series fleet over the same candles, runs interleaved (single,
 * multi, single, ...) so a neighbour's burst hits both alike. Reported as medians of CPU ns per strategy-candle
 * and their ratio (the target is at most 1.3).
 */
export function seriesFleetFigures(candles: readonly Candle[], runs: number, ctx: SuiteContext): Figure[] {
  const n = 100;
  const warm = candles.slice(0, Math.min(candles.length, 20_000));
  once(() => fleet(n), n, warm, ctx);
  once(() => seriesFleet(n), n, warm, ctx);
  const single: number[] = [];
  const multi: number[] = [];
  let trades = 0;
  for (let r = 0; r < runs; r++) {
    single.push(once(() => fleet(n), n, candles, ctx).cpu);
    const out = once(() => seriesFleet(n), n, candles, ctx);
    multi.push(out.cpu);
    trades = out.trades;
  }
  const s = median(single);
  const m = median(multi);
  const ratios = multi.map((x, i) => x / single[i]);
  ctx.log(`replay: multi-series fleet (100 x 1m + 4h informative) ${m.toFixed(1)} ns/strategy-candle CPU vs single-series ${s.toFixed(1)} (ratio ${(m / s).toFixed(3)}; per run ${ratios.map((x) => x.toFixed(3)).join(', ')}), ${trades} trades`);
  const stat = `median of ${runs} interleaved runs of ${candles.length.toLocaleString('en-US')} candles, process CPU time`;
  return [
    { name: '100 multi-series strategies ns/update (CPU)', value: m, unit: 'ns/update', samples: runs, better: 'lower', clock: 'cpu', stat },
    { name: '100 single-series strategies ns/update (CPU, paired)', value: s, unit: 'ns/update', samples: runs, better: 'lower', clock: 'cpu', stat },
    { name: 'multi-series / single-series cost per strategy-candle', value: m / s, unit: 'ratio', samples: runs, better: 'lower', normalize: false, stat: `${stat}; target <= 1.3` },
  ];
}
