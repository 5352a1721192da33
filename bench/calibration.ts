/**
 * The calibration loop: a fixed plain-JS workload timed in the same process as each suite. Gated figures are
 * divided by it (see gate.ts), so a machine that is uniformly 1.5x slower gives the same ratios and a slower
 * CI box does not fail a healthy build.
 *
 * The workload mixes what the engine does per candle: float arithmetic over a typed array, property reads and
 * writes on small objects, monomorphic method calls, closure calls and a short-lived allocation every 16
 * iterations (so allocation and young-generation GC speed count too). It never changes: changing it changes
 * every ratio, and the baseline must then be rewritten.
 */
import { startTimer, type CalibrationResult } from './harness.ts';

const ITERATIONS = 2_000_000;

class Acc {
  sum = 0;
  ema = 0;
  add(x: number): void {
    this.sum += x;
    this.ema += (x - this.ema) * 0.05;
  }
}

/** One pass of the fixed workload; returns a checksum so the work cannot be optimised away. */
export function calibrationWorkload(iterations: number): number {
  const ring = new Float64Array(1024);
  const acc = new Acc();
  const scale = (x: number) => x * 0.999 + 0.001;
  let kept: { t: number; v: number } | null = null;
  let seed = 12345;
  for (let i = 0; i < iterations; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = i & 1023;
    const v = scale(ring[j]) + (seed & 0xff) / 256;
    ring[j] = v;
    acc.add(v);
    if ((i & 15) === 0) kept = { t: i, v: acc.ema };
  }
  return acc.sum + acc.ema + (kept?.v ?? 0);
}

let sink = 0;

/** Times the workload `rounds` times (after a warm-up) and keeps the best round: ns per iteration. */
export function calibrate(rounds = 7): CalibrationResult {
  for (let w = 0; w < 3; w++) sink += calibrationWorkload(ITERATIONS / 4);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const stop = startTimer();
    sink += calibrationWorkload(ITERATIONS);
    const t = stop();
    times.push(t.wallNs / ITERATIONS);
    cpu.push(t.cpuNs / ITERATIONS);
  }
  if (sink === 42) console.log('');
  const best = Math.min(...times);
  const worst = Math.max(...times);
  return { nsPerIteration: best, cpuNsPerIteration: Math.min(...cpu), samples: rounds, spread: (worst - best) / best };
}

/** Combines calibrations taken at several points of one process (best wins, samples add up). */
export function combineCalibrations(list: readonly CalibrationResult[]): CalibrationResult {
  const best = Math.min(...list.map((c) => c.nsPerIteration));
  const worst = Math.max(...list.map((c) => c.nsPerIteration * (1 + c.spread)));
  const cpuBest = Math.min(...list.map((c) => c.cpuNsPerIteration));
  return { nsPerIteration: best, cpuNsPerIteration: cpuBest, samples: list.reduce((s, c) => s + c.samples, 0), spread: (worst - best) / best };
}
