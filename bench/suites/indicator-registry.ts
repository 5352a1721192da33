/**
 * ns per update of every registry indicator (default parameters; sma/ema with period 20) fed the same synthetic
 * candles, and the allocation check: after a warm-up, N updates must not grow the heap (heapUsed after a forced
 * GC, before and after), i.e. indicators keep fixed-size state and retain nothing per update.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { INDICATORS } from '../../engine/indicators/registry.ts';
import type { AnyDescriptor } from '../../engine/indicators/descriptor.ts';
import type { Candle } from '../../engine/types.ts';

export const BATCH = 10_000;
export const RING = 4096;
/** Updates run between the two heap readings. */
export const HEAP_UPDATES = 200_000;
/**
 * Retained bytes per update above which the check fails. Retaining anything per update (one number in a growing
 * array) is 8+ bytes; what a non-leaking indicator shows is JIT bookkeeping, measured at < 0.1.
 */
export const HEAP_BOUND = 1;

/** Indicators the trading-signals comparison already measures (registered there under their own labels). */
const PAIRED = new Set(['sma', 'ema', 'rsi', 'macd', 'bollinger', 'atr']);

export interface Measured {
  readonly type: string;
  readonly make: () => { updateBar(c: Candle): unknown };
}

export function registryIndicators(): Measured[] {
  return INDICATORS.filter((d) => !PAIRED.has(d.type)).map((d: AnyDescriptor) => {
    const config = d.schema.parse({ type: d.type }) as never;
    return { type: d.type, make: () => d.create(config) };
  });
}

type Loop = (ind: object, inputs: readonly Candle[], start: number) => number;

/** A loop function per indicator, so no call site sees two classes (see indicators.ts). */
function makeLoop(): Loop {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('ind', 'inputs', 'start', `let ready = 0; for (let i = 0; i < ${BATCH}; i++) { if (ind.updateBar(inputs[(start + i) & ${RING - 1}]) !== null) ready++; } return ready;`) as Loop;
}

/** Adds one tinybench task per registry indicator; returns their task names by type. */
export function addRegistryTasks(bench: Bench, candles: readonly Candle[]): Map<string, string> {
  const names = new Map<string, string>();
  let sink = 0;
  let offset = 0;
  for (const m of registryIndicators()) {
    const ind = m.make();
    const loop = makeLoop();
    const name = `registry:${m.type}`;
    bench.add(name, () => {
      sink += loop(ind, candles, offset);
      offset = (offset + BATCH) & (RING - 1);
    });
    names.set(m.type, name);
  }
  if (sink < 0) names.clear();
  return names;
}

let gcFn: (() => void) | null = null;
/** `global.gc`, exposed at run time (the suite runs without --expose-gc on the command line). */
function gc(): void {
  if (gcFn === null) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

/** Retained heap bytes per update over HEAP_UPDATES updates of a warmed-up instance. */
export function heapGrowthPerUpdate(make: () => { updateBar(c: Candle): unknown }, candles: readonly Candle[]): number {
  const ind = make();
  // Warm up past the JIT's tiers, so compiled code and feedback are not counted as growth.
  for (let i = 0; i < 50_000; i++) ind.updateBar(candles[i & (RING - 1)]);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < HEAP_UPDATES; i++) ind.updateBar(candles[i & (RING - 1)]);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  return Math.max(0, after - before) / HEAP_UPDATES;
}
