import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files the benchmark runner writes and the benchmarks page reads as data: bench/results/<suite>.json
 * (SuiteResult), bench/baseline.json (Baseline), bench/history/*.json (HistoryEntry) and bench/results/gate.json
 * (GateFile, the gate's verdict). The runner (bench/) writes them; web/ reads them without importing bench code.
 */

export type Better = 'higher' | 'lower';

/** An absolute target; `source` names where it was set (a string shown beside the floor). */
export interface Floor {
  readonly value: number;
  readonly source: string;
}

export interface Figure {
  readonly name: string;
  /** The reported statistic (see `stat`). */
  readonly value: number;
  readonly unit: string;
  /** How many timed samples the value summarises (runs, batches or candles, as `stat` says). */
  readonly samples: number;
  readonly better: Better;
  /** How `value` was derived from the samples, e.g. "best of 5 runs", "p99 of 20,000 candles, best of 3 runs". */
  readonly stat?: string;
  /** Compared against the baseline by `bench:check`. */
  readonly gated?: boolean;
  /**
   * False for figures that do not scale with CPU speed (bytes); those are gated on their absolute value.
   * Default true: the gate compares value relative to the calibration loop.
   */
  readonly normalize?: boolean;
  readonly floor?: Floor;
  /** Relative spread of the samples, (worst - best) / best: the noise seen in this run. */
  readonly spread?: number;
  /**
   * Which clock timed it: 'wall' (default) or 'cpu' (this process's CPU time, process.cpuUsage()). CPU time does
   * not grow while a busy neighbour has the core, so CPU-timed figures are the steadier ones to gate on a shared
   * machine; they include V8's GC helper threads, so they are never flattering. Ratios use the calibration
   * timed on the same clock.
   */
  readonly clock?: 'wall' | 'cpu';
  /** Set by the runner: the figure relative to the calibration loop (see calibration.ts). */
  ratio?: number;
}

export interface CalibrationResult {
  /** Best ns per iteration of the fixed workload, wall clock. */
  readonly nsPerIteration: number;
  /** Best ns per iteration in this process's CPU time. */
  readonly cpuNsPerIteration: number;
  readonly samples: number;
  readonly spread: number;
}

/** What bench/results/<suite>.json holds. */
export interface SuiteResult {
  readonly suite: string;
  readonly description: string;
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: MachineInfo;
  readonly calibration: CalibrationResult;
  readonly figures: Figure[];
  readonly notes: string[];
}

export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  readonly release: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly totalMemoryGiB: number;
  /** 1-minute load average when the run started: a loaded machine explains noisy figures. */
  readonly loadAverage1m: number;
  readonly hostname: string;
}

export interface BaselineFigure {
  readonly value: number;
  readonly unit: string;
  readonly better: Better;
  /** Ratio to the calibration loop; absent for figures gated on their value. */
  readonly ratio?: number;
}

export interface Baseline {
  readonly version: 1;
  readonly createdAt: string;
  readonly mode: 'quick' | 'full';
  /** Fractional tolerance: 0.3 fails a figure 30% worse than its baseline (relative to the calibration loop). */
  readonly tolerance: number;
  /** Per-figure tolerances that override `tolerance` (keys "<suite>/<name>"). */
  readonly tolerances?: Readonly<Record<string, number>>;
  readonly machine: { readonly node: string; readonly cpuModel: string; readonly cpuCount: number };
  readonly calibrationNs: number;
  readonly figures: Readonly<Record<string, BaselineFigure>>;
}

/** A figure as the gate sees it: keyed, with its ratio filled in by the runner. */
export interface KeyedFigure extends Figure {
  readonly suite: string;
  /** Set when the figure's suite started on a busy machine (1-minute load above the core count): why. */
  readonly busy?: string;
}

/**
 * 'noisy': worse than the tolerance, but timed on the wall clock while the machine was busy. At a load of 13
 * to 18 on 2 cores, two back-to-back runs of unchanged code differed by a median 62% on wall-clock figures,
 * and no calibration taken in the same process compensated it, while CPU-time figures stayed within 21%. So
 * such a row is reported, not failed; CPU-time and byte figures are always gated.
 */
export type RowStatus = 'ok' | 'regressed' | 'improved' | 'new' | 'missing' | 'noisy';

export interface GateRow {
  readonly key: string;
  readonly unit: string;
  readonly better: Better;
  /** What was compared: the calibration ratio or the plain value. */
  readonly compared: 'ratio' | 'value';
  readonly base: number | null;
  readonly now: number | null;
  /** Fraction worse than the baseline (negative = better); null for new/missing figures. */
  readonly change: number | null;
  readonly tolerance: number;
  readonly status: RowStatus;
  /** Why a 'noisy' row was not gated. */
  readonly note?: string;
}

export interface FloorRow {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly floor: Floor;
  readonly better: Better;
  /** Headroom over the floor as a fraction: 0.2 = 20% better than required, negative = below the floor. */
  readonly margin: number;
  readonly met: boolean;
}

export interface GateReport {
  readonly rows: GateRow[];
  readonly floors: FloorRow[];
  readonly failures: string[];
  readonly ok: boolean;
}

export function figureKey(suite: string, name: string): string {
  return `${suite}/${name}`;
}

/** A readable number: thousands separators, 3 significant digits below 100. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(3)).toString();
}

/** One committed history record (bench/history/<stamp>.json): the gated figures of one run. */
export interface HistoryEntry {
  createdAt: string;
  mode?: string;
  figures: { key: string; value: number; unit: string; better: string; ratio?: number }[];
}

/** bench/results/gate.json: the gate's verdict on the latest results of every suite against the baseline. */
export interface GateFile {
  readonly version: 1;
  readonly createdAt: string;
  /** The baseline judged against (its createdAt), or null without one. */
  readonly baselineCreatedAt: string | null;
  readonly report: GateReport;
}

/** The gate file's name inside bench/results. */
export const GATE_FILE = 'gate.json';

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The .json files of a folder, sorted by name (none when it does not exist). */
export function jsonFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)) : [];
}

/** The bench files under `dir` (a bench/ folder): latest suite results, the baseline, the history (oldest first) and the gate's verdict. */
export function readBenchFiles(dir: string): { results: SuiteResult[]; baseline: Baseline | null; history: HistoryEntry[]; gate: GateFile | null } {
  const results = jsonFiles(join(dir, 'results'))
    .filter((f) => !f.endsWith(`/${GATE_FILE}`))
    .map((f) => readJson<SuiteResult>(f))
    .filter((r): r is SuiteResult => r !== null && Array.isArray(r.figures));
  const baseline = readJson<Baseline>(join(dir, 'baseline.json'));
  const history = jsonFiles(join(dir, 'history'))
    .map((f) => readJson<HistoryEntry>(f))
    .filter((h): h is HistoryEntry => h !== null && Array.isArray(h.figures))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const gate = readJson<GateFile>(join(dir, 'results', GATE_FILE));
  return { results, baseline, history, gate: gate && gate.report && Array.isArray(gate.report.rows) ? gate : null };
}

/** The figures of suite results, keyed by suite as the gate compares them. */
export function keyedFigures(results: readonly SuiteResult[]): KeyedFigure[] {
  return results.flatMap((r) => {
    const m = r.machine;
    const busy = m.loadAverage1m > m.cpuCount ? `load average ${m.loadAverage1m} on ${m.cpuCount} cores` : undefined;
    return r.figures.map((f) => ({ ...f, suite: r.suite, ...(busy ? { busy } : {}) }));
  });
}
