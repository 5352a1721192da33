import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { atEndOfData, type Fill, type Signal, type StrategyMetrics, type Trade } from '../../engine/types.ts';
import { GrowableFloat64 } from './growable.ts';

/** An order the risk layer refused or the order model rejected. */
export interface BlockedRecord {
  time: number;
  strategyId: string;
  orderId: string;
  limit: string;
  detail: string;
}

/**
 * Events of one kind in engine order, each tagged with the sample (bar group) it was emitted in and the
 * index of its strategy within the shard: enough to merge shards into the canonical order.
 */
export interface TaggedEvents<T> {
  items: T[];
  samples: number[];
  strategies: number[];
}

/**
 * One strategy's recorded equity events: close time, equity, drawdown and, when the recording was tagged (a
 * shard whose portfolio is rebuilt after the merge), the sample each fell in.
 */
export interface TaggedCurve {
  time: Float64Array;
  equity: Float64Array;
  drawdown: Float64Array;
  sample: Float64Array | null;
}

export interface ShardStrategy {
  id: string;
  name: string;
  config: StrategyConfig;
  metrics: StrategyMetrics;
  detailFills?: number;
}

/** What one StrategyManager replay of a group of strategies produced. */
export interface ShardOutput {
  strategies: ShardStrategy[];
  /** Per strategy; null when equity was not recorded. */
  curves: (TaggedCurve | null)[];
  trades: TaggedEvents<Trade>;
  signals: TaggedEvents<Signal>;
  fills: TaggedEvents<Fill>;
  blocked: TaggedEvents<BlockedRecord>;
  /** Time of every sample, in order (the bar groups' close times, equal times taken once). */
  sampleTimes: Float64Array;
}

export interface ShardRecording {
  ids: string[];
  /** Per strategy, the equity of its last equity event (initially its capital). */
  latest: Float64Array;
  finish(): ShardOutput;
}

function tagged<T>(): TaggedEvents<T> {
  return { items: [], samples: [], strategies: [] };
}

/**
 * Starts `configs` in `manager` and records what they emit. A sample is taken each time a bar group has been
 * delivered (`onSample` sees every strategy's latest equity then); every event carries the number of samples
 * taken before it, so events of several managers can be put in one order that does not depend on how the
 * strategies were split between them.
 */
export function recordShard(
  manager: StrategyManager,
  configs: readonly StrategyConfig[],
  opts: { recordEquity: boolean; tagCurves?: boolean; afterStart?: (ids: string[]) => void; onSample?: (time: number, latest: Float64Array) => void },
): ShardRecording {
  const ev = manager.events;
  const trades = tagged<Trade>();
  const signals = tagged<Signal>();
  const fills = tagged<Fill>();
  const blocked = tagged<BlockedRecord>();
  let samples = 0;
  const ids = configs.map((c) => manager.startStrategy(c));
  opts.afterStart?.(ids);
  const index = new Map(ids.map((id, i) => [id, i]));
  const add = <T>(list: TaggedEvents<T>, strategyId: string, item: T): void => {
    list.items.push(item);
    list.samples.push(samples);
    list.strategies.push(index.get(strategyId)!);
  };
  ev.on('trade', (t) => add(trades, t.strategyId, t));
  ev.on('signal', (s) => add(signals, s.strategyId, s));
  ev.on('fill', (f) => add(fills, f.strategyId, f));
  ev.on('orderBlocked', (b) => add(blocked, b.strategyId, { time: b.time, strategyId: b.strategyId, orderId: b.order.id, limit: b.limit, detail: b.detail }));
  ev.on('rejected', (r) => add(blocked, r.strategyId, { time: r.time, strategyId: r.strategyId, orderId: r.order.id, limit: r.reason, detail: r.detail }));

  const latest = Float64Array.from(configs, (c) => c.capital);
  const curves = ids.map(() => ({ time: new GrowableFloat64(), equity: new GrowableFloat64(), drawdown: new GrowableFloat64(), sample: new GrowableFloat64() }));
  const record = opts.recordEquity;
  const tag = opts.tagCurves === true;
  ids.forEach((id, i) => {
    const c = curves[i];
    manager.setEquitySink(
      id,
      record
        ? (time, equity, drawdown) => {
            latest[i] = equity;
            c.time.push(time);
            c.equity.push(equity);
            c.drawdown.push(drawdown);
            if (tag) c.sample.push(samples);
          }
        : (_time, equity) => {
            latest[i] = equity;
          },
    );
  });
  const sampleTimes = new GrowableFloat64();
  // Sampled when a bar group has been delivered (not when the feed moves on), so a group the barrier held
  // back for a late series is in the sample of its own time.
  let last = Number.NaN;
  manager.onGroupDone = (t) => {
    if (t === last) return;
    last = t;
    opts.onSample?.(t, latest);
    sampleTimes.push(t);
    samples++;
  };

  return {
    ids,
    latest,
    finish: () => ({
      strategies: ids.map((id) => {
        const metrics = atEndOfData(manager.getMetrics(id));
        const instance = manager.getInstance(id);
        return { id, name: metrics.name, config: instance.config, metrics, ...(instance.config.execution.detail === undefined ? {} : { detailFills: instance.detailFills }) };
      }),
      curves: curves.map((c) => (record ? { time: c.time.take(), equity: c.equity.take(), drawdown: c.drawdown.take(), sample: tag ? c.sample.take() : null } : null)),
      trades,
      signals,
      fills,
      blocked,
      sampleTimes: sampleTimes.take(),
    }),
  };
}
