import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { loadStrategyModules } from './load-configs.ts';
import { recordShard, type ShardOutput } from './shard-collector.ts';
import { SharedCandleFeed, type SharedCandles } from './shared-feed.ts';

/** A contiguous group of a run's configs, replayed over the run's candles in shared memory. */
export interface ShardTask {
  data: SharedCandles;
  configs: StrategyConfig[];
}

/** Replays one shard in this thread (a worker, or the main thread in tests) with its own StrategyManager. */
export async function runShardTask(task: ShardTask): Promise<ShardOutput> {
  const modules = await loadStrategyModules(task.configs);
  const feed = new SharedCandleFeed(task.data);
  const manager = new StrategyManager({ modules });
  const recording = recordShard(manager, task.configs, { recordEquity: true, tagCurves: true });
  await new Engine(manager, new BacktestClock()).run(feed);
  // The curves come in buffers of their own (GrowableFloat64.take), which move to the main thread
  // (transferables) rather than being copied.
  return recording.finish();
}

/** The buffers of a shard's output that can move to the main thread instead of being copied (each its own). */
export function transferables(out: ShardOutput): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [out.sampleTimes.buffer as ArrayBuffer];
  for (const c of out.curves) if (c) buffers.push(c.time.buffer as ArrayBuffer, c.equity.buffer as ArrayBuffer, c.drawdown.buffer as ArrayBuffer, c.sample!.buffer as ArrayBuffer);
  return buffers;
}
