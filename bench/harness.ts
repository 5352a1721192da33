/**
 * The benchmark harness's vocabulary: a suite returns figures; the runner adds the calibration ratio,
 * writes bench/results/<suite>.json and hands gated figures to the gate (gate.ts).
 */
import { cpus, totalmem, arch, platform, release, loadavg, hostname } from 'node:os';

export type { Better, CalibrationResult, Figure, Floor, MachineInfo, SuiteResult } from '../web/reports/bench-format.ts';
import type { Better, Figure, MachineInfo } from '../web/reports/bench-format.ts';

export interface SuiteContext {
  readonly quick: boolean;
  log(line: string): void;
  /** Full garbage collection (node --expose-gc). */
  gc(): void;
}

export interface SuiteOutput {
  readonly figures: Figure[];
  /** Lines printed under the suite's table (comparisons, skipped parts and why). */
  readonly notes?: string[];
}

export interface Suite {
  readonly name: string;
  readonly description: string;
  run(ctx: SuiteContext): Promise<SuiteOutput>;
}


export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: platform(),
    arch: arch(),
    release: release(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    hostname: hostname(),
  };
}

/** Wall and CPU nanoseconds of one timed section (see `startTimer`). */
export interface Timing {
  wallNs: number;
  cpuNs: number;
}

/** Starts a wall + CPU timer; call the result to read both. */
export function startTimer(): () => Timing {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return () => {
    const wallNs = Number(process.hrtime.bigint() - t0);
    const c = process.cpuUsage(c0);
    return { wallNs, cpuNs: (c.user + c.system) * 1000 };
  };
}

/** Nanoseconds from a process.hrtime.bigint() reading to now. */
export function elapsedNs(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0);
}

/** Sorted copy. */
export function sorted(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Nearest-rank percentile of sorted values (q in 0..1). */
export function percentile(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  return sortedValues[rank];
}

export function median(xs: readonly number[]): number {
  return percentile(sorted(xs), 0.5);
}

/** Best of repeated samples and their relative spread, for a figure where `better` says which end is best. */
export function bestOf(samples: readonly number[], better: Better): { best: number; spread: number } {
  const lo = Math.min(...samples);
  const hi = Math.max(...samples);
  const best = better === 'higher' ? hi : lo;
  const worst = better === 'higher' ? lo : hi;
  return { best, spread: best === 0 ? 0 : Math.abs(worst - best) / best };
}
