import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import { ColumnarFeed } from '../../../data/historical-feed.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { configSymbols } from '../../../engine/config/series.ts';
import type { StrategyFactory } from '../../../engine/strategy/strategy.ts';
import { bucketStart, timeframeMs } from '../../../engine/timeframe.ts';
import type { Signal } from '../../../engine/types.ts';
import { runBacktest } from '../../run/run-backtest.ts';

export interface LookaheadOptions {
  configs: readonly StrategyConfig[];
  inputs: readonly ColumnarSeries[];
  modules?: ReadonlyMap<string, StrategyFactory>;
  /** Open-time range of the full run. */
  from?: number;
  to?: number;
  /** Truncation points, spread evenly over the data (default 5). */
  points?: number;
}

/** A signal of one run that the other run does not have at the same position. */
export interface SignalDifference {
  strategyId: string;
  /** Index among that strategy's signals up to the cut. */
  index: number;
  full: Signal | null;
  truncated: Signal | null;
}

export interface CutReport {
  /** The truncated run saw candles opening before `cut`; signals up to `cut` (close time) are compared. */
  cut: number;
  compared: number;
  differences: SignalDifference[];
}

export interface LookaheadReport {
  ok: boolean;
  fullSignals: number;
  cuts: CutReport[];
}

/** Differences kept per cut and strategy (the first ones are what tells the story). */
const KEEP = 5;

/**
 * Looks for strategies that use the future: runs the configs on the full data, then on the data truncated
 * at several points, and compares every signal up to each truncation point. A strategy that only uses the
 * past gives the same signals whatever comes later; any difference means it saw data it should not have.
 *
 * Cuts fall on bucket boundaries of every strategy timeframe where each series the strategies read has the
 * candle ending exactly there, so the truncated run's last bars are complete (an incomplete aggregated bar
 * would differ for a legitimate reason). Informative series need no alignment: the full run does not see a
 * coarser bar before it closes either, so both runs read the same closed bars up to the cut. Every run happens in this process, the full run first, so state a
 * strategy module keeps across runs (a module-level cache or array) also shows up as a difference.
 */
export async function checkLookahead(opts: LookaheadOptions): Promise<LookaheadReport> {
  const symbols = new Set(opts.configs.flatMap(configSymbols));
  const inputs = opts.inputs.filter((s) => symbols.has(s.series.symbol));
  const run = async (to: number | undefined) => {
    const r = await runBacktest({ configs: opts.configs, feed: new ColumnarFeed(inputs, { from: opts.from, to }), modules: opts.modules, recordEquity: false });
    return r.signals;
  };
  const full = await run(opts.to);
  const cuts: CutReport[] = [];
  for (const cut of cutPoints(inputs, opts.configs, opts.points ?? 5, opts.from, opts.to)) {
    const truncated = await run(cut);
    cuts.push(compareSignals(cut, full, truncated));
  }
  return { ok: cuts.every((c) => c.differences.length === 0), fullSignals: full.length, cuts };
}

function sameSignal(a: Signal, b: Signal): boolean {
  return a.time === b.time && a.action === b.action && a.symbol === b.symbol && a.price === b.price && a.confidence === b.confidence && a.reason === b.reason;
}

/** Per strategy, the signals up to `cut` of both runs, position by position. */
export function compareSignals(cut: number, full: readonly Signal[], truncated: readonly Signal[]): CutReport {
  const byStrategy = (list: readonly Signal[]) => {
    const m = new Map<string, Signal[]>();
    for (const s of list) if (s.time <= cut) (m.get(s.strategyId) ?? m.set(s.strategyId, []).get(s.strategyId)!).push(s);
    return m;
  };
  const a = byStrategy(full);
  const b = byStrategy(truncated);
  const differences: SignalDifference[] = [];
  let compared = 0;
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(id) ?? [];
    const y = b.get(id) ?? [];
    let kept = 0;
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      compared++;
      if (x[i] && y[i] && sameSignal(x[i], y[i])) continue;
      if (kept++ < KEEP) differences.push({ strategyId: id, index: i, full: x[i] ?? null, truncated: y[i] ?? null });
    }
  }
  return { cut, compared, differences };
}

/**
 * `points` cut times spread evenly inside the data: each the first close time at or after its even share of
 * the range that is a bucket boundary of every strategy timeframe and where every series has the candle
 * that ends there.
 */
export function cutPoints(inputs: readonly ColumnarSeries[], configs: readonly StrategyConfig[], points: number, from?: number, to?: number): number[] {
  if (inputs.length === 0 || points <= 0) return [];
  const ends = inputs.map(({ series, columns }) => {
    const tf = timeframeMs(series.timeframe);
    const set = new Set<number>();
    for (let i = 0; i < columns.length; i++) {
      const t = columns.openTime[i];
      if ((from === undefined || t >= from) && (to === undefined || t < to)) set.add(t + tf);
    }
    return set;
  });
  const closes = [...ends[0]].sort((x, y) => x - y);
  if (closes.length < 2) return [];
  const first = closes[0];
  const last = closes[closes.length - 1];
  const ok = (t: number) => ends.every((s) => s.has(t)) && configs.every((c) => bucketStart(t, c.timeframe) === t);
  const out: number[] = [];
  let at = 0;
  for (let k = 1; k <= points; k++) {
    const target = first + ((last - first) * k) / (points + 1);
    while (at < closes.length && (closes[at] < target || !ok(closes[at]))) at++;
    if (at >= closes.length - 1) break;
    if (out.length === 0 || closes[at] > out[out.length - 1]) out.push(closes[at]);
  }
  return out;
}
