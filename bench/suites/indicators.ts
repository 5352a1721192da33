/**
 * Indicator updates: ns per update of Strata's streaming indicators and, in the same run, of the same
 * indicators from the `trading-signals` package (then every other registry indicator, and a heap-growth check
 * of each, see indicator-registry.ts) (v8 has no separate "Faster*" classes any more: its classes
 * take plain numbers), printed side by side with the ratio.
 *
 * Each tinybench task runs a batch of updates over a fixed price series; every indicator gets its own loop
 * function (built with `new Function`) so one indicator's call site never sees another's class and no loop
 * turns megamorphic, which would make both libraries look slower than they are.
 */
import { Bench } from 'tinybench';
import { ATR, BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';
import { ATRIndicator, BollingerIndicator, EMAIndicator, MACDIndicator, RSIIndicator, SMAIndicator } from '../../engine/indicators/index.ts';
import { syntheticCandles } from '../candles.ts';
import type { Figure, Suite, SuiteContext } from '../harness.ts';
import { addRegistryTasks, HEAP_BOUND, HEAP_UPDATES, heapGrowthPerUpdate, registryIndicators } from './indicator-registry.ts';

const BATCH = 10_000;
const RING = 4096; // power of two: index with `& (RING - 1)`

interface Pair {
  label: string;
  strata: () => object;
  peer: () => object;
  /** ATR takes whole bars. */
  bars?: boolean;
}

const PAIRS: Pair[] = [
  { label: 'SMA(20)', strata: () => new SMAIndicator({ period: 20 }), peer: () => new SMA(20) },
  { label: 'EMA(20)', strata: () => new EMAIndicator({ period: 20 }), peer: () => new EMA(20) },
  { label: 'RSI(14)', strata: () => new RSIIndicator({ period: 14 }), peer: () => new RSI(14) },
  {
    label: 'MACD(12,26,9)',
    strata: () => new MACDIndicator({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }),
    peer: () => new MACD(new EMA(12), new EMA(26), new EMA(9)),
  },
  { label: 'Bollinger(20,2)', strata: () => new BollingerIndicator({ period: 20, stdDev: 2 }), peer: () => new BollingerBands(20, 2) },
  { label: 'ATR(14)', strata: () => new ATRIndicator({ period: 14 }), peer: () => new ATR(14), bars: true },
];

type Loop = (ind: object, inputs: ArrayLike<unknown>, start: number) => number;

/** A fresh loop function per task (its own inline caches). trading-signals' update takes (input, replace). */
function makeLoop(peer: boolean): Loop {
  const call = peer ? 'ind.update(inputs[(start + i) & MASK], false)' : 'ind.update(inputs[(start + i) & MASK])';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(
    'ind',
    'inputs',
    'start',
    `let ready = 0; for (let i = 0; i < ${BATCH}; i++) { if (${call} !== null) ready++; } return ready;`.replaceAll('MASK', String(RING - 1)),
  ) as Loop;
}

export const indicatorsSuite: Suite = {
  name: 'indicators',
  description: 'ns per indicator update, Strata vs trading-signals',
  async run(ctx: SuiteContext) {
    const candles = syntheticCandles(RING, { seed: 7 });
    const closes = Float64Array.from(candles, (c) => c.close);
    const bars = candles.map((c) => ({ high: c.high, low: c.low, close: c.close }));
    const time = ctx.quick ? 250 : 1500;
    const bench = new Bench({ time, warmupTime: ctx.quick ? 50 : 200, iterations: 10, retainSamples: false });
    let sink = 0;
    let offset = 0;
    for (const p of PAIRS) {
      for (const side of ['strata', 'peer'] as const) {
        const ind = side === 'strata' ? p.strata() : p.peer();
        const loop = makeLoop(side === 'peer');
        const inputs = p.bars ? bars : closes;
        bench.add(`${side}:${p.label}`, () => {
          sink += loop(ind, inputs, offset);
          offset = (offset + BATCH) & (RING - 1);
        });
      }
    }
    const registry = addRegistryTasks(bench, candles);
    ctx.log(`indicators: ${bench.tasks.length} tasks, ${BATCH.toLocaleString('en-US')} updates per sample, ~${time} ms each`);
    await bench.run();
    if (sink < 0) ctx.log('');

    const figures: Figure[] = [];
    const notes: string[] = [];
    const nsOf = (name: string): { ns: number; samples: number; spread: number } => {
      const task = bench.getTask(name);
      const r = task?.result;
      if (!r || r.state !== 'completed') throw new Error(`indicator task ${name} did not complete (${r?.state})`);
      const perUpdate = (ms: number) => (ms * 1e6) / BATCH;
      return { ns: perUpdate(r.latency.p50), samples: r.latency.samplesCount, spread: (r.latency.p75 - r.latency.p50) / r.latency.p50 };
    };
    notes.push(`${'indicator'.padEnd(16)} ${'Strata'.padStart(10)} ${'trading-signals'.padStart(16)} ${'speed-up'.padStart(9)}`);
    for (const p of PAIRS) {
      const s = nsOf(`strata:${p.label}`);
      const t = nsOf(`peer:${p.label}`);
      figures.push({ name: `${p.label} strata`, value: s.ns, unit: 'ns/update', samples: s.samples, better: 'lower', gated: true, stat: `median batch of ${BATCH}`, spread: s.spread });
      figures.push({ name: `${p.label} trading-signals`, value: t.ns, unit: 'ns/update', samples: t.samples, better: 'lower', stat: `median batch of ${BATCH}`, spread: t.spread });
      notes.push(`${p.label.padEnd(16)} ${s.ns.toFixed(1).padStart(7)} ns ${t.ns.toFixed(1).padStart(13)} ns ${(t.ns / s.ns).toFixed(1).padStart(8)}x`);
    }
    notes.push('', `${'registry indicator'.padEnd(18)} ${'ns/update'.padStart(10)} ${'heap B/update'.padStart(14)}`);
    const leaks: string[] = [];
    for (const m of registryIndicators()) {
      const s = nsOf(registry.get(m.type)!);
      const growth = heapGrowthPerUpdate(m.make, candles);
      if (growth > HEAP_BOUND) leaks.push(`${m.type} retains ${growth.toFixed(3)} bytes per update over ${HEAP_UPDATES.toLocaleString('en-US')} updates`);
      figures.push({ name: `${m.type} strata`, value: s.ns, unit: 'ns/update', samples: s.samples, better: 'lower', gated: true, stat: `median batch of ${BATCH}`, spread: s.spread });
      notes.push(`${m.type.padEnd(18)} ${s.ns.toFixed(1).padStart(7)} ns ${growth.toFixed(3).padStart(14)}`);
    }
    if (leaks.length > 0) throw new Error(`indicator heap growth above ${HEAP_BOUND} bytes/update:\n${leaks.join('\n')}`);
    return { figures, notes };
  },
};
