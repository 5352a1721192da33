import type { StrategyConfig } from '../../engine/config/schema.ts';
import { neededSeries } from '../../engine/config/series.ts';
import { bucketStart, timeframeMs } from '../../engine/timeframe.ts';
import { historyNeeds, type HistoryNeed } from '../../engine/strategy/history-needs.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { loadStrategyModules } from '../run/load-configs.ts';

/** At most this many candles of one series are fetched for warm-up (a 1d strategy on a 1m feed would need far more). */
export const MAX_WARMUP_CANDLES = 100_000;

/**
 * Runs every config on each of `symbols` instead of its own symbol (`--symbols`). With several symbols the ids
 * get the symbol appended (`ema_btc_1h-ETH-USDT`) so they stay unique and URL-safe.
 */
export function withSymbols(configs: readonly StrategyConfig[], symbols: readonly string[] | undefined): StrategyConfig[] {
  if (!symbols || symbols.length === 0) return [...configs];
  return configs.flatMap((c) =>
    symbols.map((symbol) => {
      const base = c.id ?? c.name ?? `${c.symbol}-${c.timeframe}`;
      const id = symbols.length > 1 ? `${base}-${symbol.replace(/[^A-Za-z0-9_.-]+/g, '-')}` : base;
      return { ...c, symbol, id };
    }),
  );
}

/**
 * The series to subscribe: per symbol, each timeframe the strategies use (their own and their informative
 * series') unless a finer one they also use divides it (that one is aggregated by the engine, as in a
 * backtest). One subscription serves every strategy.
 */
export function planSeries(configs: readonly StrategyConfig[]): SeriesKey[] {
  const bySymbol = new Map<string, Set<string>>();
  for (const c of neededSeries(configs)) {
    const set = bySymbol.get(c.symbol) ?? new Set<string>();
    set.add(c.timeframe);
    bySymbol.set(c.symbol, set);
  }
  const out: SeriesKey[] = [];
  for (const [symbol, tfs] of bySymbol) {
    const sorted = [...tfs].sort((a, b) => timeframeMs(a) - timeframeMs(b));
    const kept: string[] = [];
    for (const tf of sorted) if (!kept.some((k) => timeframeMs(tf) % timeframeMs(k) === 0)) kept.push(tf);
    for (const tf of kept) out.push({ symbol, timeframe: tf });
  }
  return out;
}

/**
 * Where warm-up starts for each subscribed series: far enough back that every series it feeds (a strategy's own
 * or an informative one, at that timeframe or a coarser one the engine aggregates) delivers at least `bars` bars
 * and at least what its strategy needs (`needs`: indicators' warm-up plus the rules' lookback, from
 * engine/strategy/history-needs.ts), aligned to that timeframe's bucket so aggregated bars start whole. `bars`
 * 0 asks for no warm-up at all. Capped at MAX_WARMUP_CANDLES candles of the series.
 */
export function warmupStarts(series: readonly SeriesKey[], needs: readonly (readonly HistoryNeed[])[], bars: number, now: number): number[] {
  return series.map((s) => {
    const step = timeframeMs(s.timeframe);
    let from = bucketStart(now, s.timeframe) - bars * step;
    if (bars > 0) {
      for (const n of needs.flat()) {
        if (n.symbol !== s.symbol || timeframeMs(n.timeframe) % step !== 0) continue;
        from = Math.min(from, bucketStart(now, n.timeframe) - Math.max(bars, n.bars) * timeframeMs(n.timeframe));
      }
    }
    const floor = bucketStart(now, s.timeframe) - MAX_WARMUP_CANDLES * step;
    return Math.max(from, floor);
  });
}

/** What each config needs of each of its series before it is warm (its code strategy module loaded to ask it). */
export async function warmupNeeds(configs: readonly StrategyConfig[]): Promise<HistoryNeed[][]> {
  const modules = await loadStrategyModules(configs);
  return configs.map((c) => historyNeeds(c, c.module ? modules.get(c.module) : undefined));
}
