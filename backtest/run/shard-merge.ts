import type { Fill, Signal, Trade } from '../../engine/types.ts';
import type { PortfolioCurve } from './portfolio-curve.ts';
import type { BlockedRecord, ShardOutput, ShardStrategy, TaggedCurve, TaggedEvents } from './shard-collector.ts';

/** Shards joined in strategy order, with their event lists in the canonical order. */
export interface MergedShards {
  strategies: ShardStrategy[];
  curves: (TaggedCurve | null)[];
  trades: Trade[];
  signals: Signal[];
  fills: Fill[];
  blocked: BlockedRecord[];
  sampleTimes: Float64Array;
}

/**
 * The canonical event order of a run: by the bar group an event was emitted in, then by strategy (config order),
 * then in the strategy's own order. One thread and several give the same lists, because within one strategy
 * the engine's order is kept and nothing else depends on how strategies were grouped.
 */
function mergeEvents<T>(lists: readonly TaggedEvents<T>[], offsets: readonly number[]): T[] {
  const rows: { sample: number; strategy: number; item: T }[] = [];
  lists.forEach((l, k) => {
    for (let i = 0; i < l.items.length; i++) rows.push({ sample: l.samples[i], strategy: offsets[k] + l.strategies[i], item: l.items[i] });
  });
  // Array.prototype.sort is stable, so equal keys keep the strategy's own order.
  rows.sort((a, b) => a.sample - b.sample || a.strategy - b.strategy);
  return rows.map((r) => r.item);
}

/** Joins shards given in strategy order (each holds a contiguous group of the configs). */
export function mergeShards(shards: readonly ShardOutput[]): MergedShards {
  const offsets: number[] = [];
  let n = 0;
  for (const s of shards) {
    offsets.push(n);
    n += s.strategies.length;
  }
  const times = shards[0].sampleTimes;
  for (const s of shards) {
    if (s.sampleTimes.length !== times.length) throw new Error(`shards saw different bar groups (${s.sampleTimes.length} and ${times.length} samples)`);
  }
  return {
    strategies: shards.flatMap((s) => s.strategies),
    curves: shards.flatMap((s) => s.curves),
    trades: mergeEvents(shards.map((s) => s.trades), offsets),
    signals: mergeEvents(shards.map((s) => s.signals), offsets),
    fills: mergeEvents(shards.map((s) => s.fills), offsets),
    blocked: mergeEvents(shards.map((s) => s.blocked), offsets),
    sampleTimes: times,
  };
}

/**
 * Rebuilds the portfolio samples from the strategies' tagged equity curves: before sample s, each strategy's
 * latest equity is its last equity event tagged s or earlier, exactly what one thread sees at that bar group.
 */
export function replayPortfolio(curves: readonly TaggedCurve[], capitals: ArrayLike<number>, sampleTimes: Float64Array, portfolio: PortfolioCurve): void {
  const latest = Float64Array.from(capitals);
  const cursor = new Int32Array(curves.length);
  const tags = curves.map((c, i) => {
    if (c.sample === null) throw new Error(`replayPortfolio: curve ${i} was recorded without its samples (recordShard's tagCurves)`);
    return c.sample;
  });
  for (let s = 0; s < sampleTimes.length; s++) {
    for (let i = 0; i < curves.length; i++) {
      const c = curves[i];
      const sample = tags[i];
      let k = cursor[i];
      while (k < sample.length && sample[k] === s) latest[i] = c.equity[k++];
      cursor[i] = k;
    }
    portfolio.onSample(sampleTimes[s], latest);
  }
}
