/**
 * The regression gate: pure functions over figures, so they are unit-tested (gate.test.ts) without running a
 * benchmark.
 *
 * A figure's key is "<suite>/<name>". A gated figure is compared by its ratio to the calibration loop (both
 * runs' ratios), except figures marked `normalize: false` (bytes), which are compared by value. The change is
 * measured in the "worse" direction: for lower-is-better, now / base - 1; for higher-is-better, base / now - 1.
 * A change above the tolerance is a regression and fails the gate. Floors are absolute: they compare the
 * value itself with the issue's target and report the margin (positive = headroom).
 */
import type { Better } from './harness.ts';

export type { Baseline, BaselineFigure, FloorRow, GateReport, GateRow, KeyedFigure, RowStatus } from '../web/reports/bench-format.ts';
export { figureKey, fmt } from '../web/reports/bench-format.ts';
import { figureKey, fmt, type Baseline, type BaselineFigure, type FloorRow, type GateReport, type GateRow, type KeyedFigure, type RowStatus } from '../web/reports/bench-format.ts';
import { formatPercent } from '../engine/format.ts';
import { toleranceOf } from './tolerance.ts';

/** How much worse `now` is than `base`, as a fraction (negative when better). */
export function worseBy(base: number, now: number, better: Better): number {
  return better === 'lower' ? now / base - 1 : base / now - 1;
}

/** Headroom of `value` over a floor, as a fraction (negative below it). */
export function floorMargin(value: number, floor: number, better: Better): number {
  return better === 'higher' ? value / floor - 1 : floor / value - 1;
}

/** The figure relative to the calibration loop: ns-like figures divide by it, rates multiply by it. */
export function calibrationRatio(value: number, better: Better, calibrationNs: number): number {
  return better === 'lower' ? value / calibrationNs : value * calibrationNs;
}

const pct = (x: number) => formatPercent(x, { sign: true, digits: 1 });

export interface GateOptions {
  /** Default fractional tolerance (tolerance.ts; bench:check --tolerance overrides it). */
  readonly tolerance?: number;
  /** Per-figure tolerances by key, over the default. */
  readonly tolerances?: Readonly<Record<string, number>>;
  /** Make a missed floor fail the gate too (default: reported, not fatal; see README). */
  readonly enforceFloors?: boolean;
}

/** Compares current figures with the baseline and checks floors. */
export function evaluateGate(baseline: Baseline | null, current: readonly KeyedFigure[], opts: GateOptions = {}): GateReport {
  const rows: GateRow[] = [];
  const failures: string[] = [];
  const seen = new Set<string>();
  const defaultTol = opts.tolerance ?? baseline?.tolerance ?? 0.3;
  const overrides = opts.tolerances ?? baseline?.tolerances ?? {};
  for (const f of current) {
    if (!f.gated) continue;
    const key = figureKey(f.suite, f.name);
    seen.add(key);
    const tolerance = toleranceOf(overrides, key, defaultTol);
    const base = baseline?.figures[key];
    const byValue = f.normalize === false;
    if (!base) {
      rows.push({ key, unit: f.unit, better: f.better, compared: byValue ? 'value' : 'ratio', base: null, now: byValue ? f.value : (f.ratio ?? null), change: null, tolerance, status: 'new' });
      continue;
    }
    const compared: 'ratio' | 'value' = byValue || base.ratio === undefined || f.ratio === undefined ? 'value' : 'ratio';
    const b = compared === 'ratio' ? base.ratio! : base.value;
    const n = compared === 'ratio' ? f.ratio! : f.value;
    const change = worseBy(b, n, f.better);
    const wallClock = (f.clock ?? 'wall') === 'wall' && !byValue;
    const worse: RowStatus = f.busy !== undefined && wallClock ? 'noisy' : 'regressed';
    const status: RowStatus = change > tolerance ? worse : change < -tolerance ? 'improved' : 'ok';
    rows.push({ key, unit: f.unit, better: f.better, compared, base: b, now: n, change, tolerance, status, ...(status === 'noisy' ? { note: `wall clock, ${f.busy}` } : {}) });
    if (status === 'regressed') {
      failures.push(
        `${key} regressed ${pct(change)} against the baseline (${compared === 'ratio' ? 'relative to the calibration loop' : 'absolute'}; tolerance ${pct(tolerance)}): ` +
          `now ${fmt(f.value)} ${f.unit}, baseline ${fmt(base.value)} ${base.unit}`,
      );
    }
  }
  if (baseline) {
    // Only suites that ran can miss a figure (a run of one suite says nothing about the others).
    const ran = new Set(current.map((f) => f.suite));
    for (const [key, base] of Object.entries(baseline.figures)) {
      if (!seen.has(key) && ran.has(key.slice(0, key.indexOf('/')))) rows.push({ key, unit: base.unit, better: base.better, compared: 'value', base: base.value, now: null, change: null, tolerance: defaultTol, status: 'missing' });
    }
  }
  const floors: FloorRow[] = [];
  for (const f of current) {
    if (!f.floor) continue;
    const key = figureKey(f.suite, f.name);
    const margin = floorMargin(f.value, f.floor.value, f.better);
    const met = margin >= 0;
    floors.push({ key, value: f.value, unit: f.unit, floor: f.floor, better: f.better, margin, met });
    if (!met && opts.enforceFloors) {
      failures.push(`${key} is below its floor (${f.floor.source}): ${fmt(f.value)} ${f.unit}, required ${f.better === 'higher' ? '>=' : '<='} ${fmt(f.floor.value)} (${pct(margin)})`);
    }
  }
  return { rows, floors, failures, ok: failures.length === 0 };
}


/** Builds a baseline from a run's figures (gated ones only). */
export function makeBaseline(figures: readonly KeyedFigure[], info: { createdAt: string; mode: 'quick' | 'full'; tolerance: number; tolerances?: Record<string, number>; machine: Baseline['machine']; calibrationNs: number }): Baseline {
  const out: Record<string, BaselineFigure> = {};
  for (const f of figures) {
    if (!f.gated) continue;
    out[figureKey(f.suite, f.name)] = { value: f.value, unit: f.unit, better: f.better, ...(f.normalize === false || f.ratio === undefined ? {} : { ratio: f.ratio }) };
  }
  return { version: 1, createdAt: info.createdAt, mode: info.mode, tolerance: info.tolerance, ...(info.tolerances ? { tolerances: info.tolerances } : {}), machine: info.machine, calibrationNs: info.calibrationNs, figures: out };
}

/** The gate's verdict as text: one line per gated figure and floor, failures last. */
export function formatGate(report: GateReport): string {
  const lines: string[] = [];
  const width = Math.max(20, ...report.rows.map((r) => r.key.length), ...report.floors.map((r) => r.key.length));
  lines.push(`${'gated figure'.padEnd(width)}  ${'vs baseline'.padStart(11)}  ${'tolerance'.padStart(9)}  status`);
  for (const r of report.rows) {
    const change = r.change === null ? '-' : pct(r.change) + ' worse';
    const detail = r.status === 'regressed' ? ` (${change})` : r.status === 'noisy' ? ` (${change}; not gated: ${r.note})` : '';
    lines.push(`${r.key.padEnd(width)}  ${(r.change === null ? '-' : pct(r.change)).padStart(11)}  ${pct(r.tolerance).padStart(9)}  ${r.status.toUpperCase()}${detail}`);
  }
  if (report.floors.length) {
    lines.push('');
    lines.push(formatFloors(report.floors));
  }
  if (report.failures.length) {
    lines.push('');
    for (const f of report.failures) lines.push(`FAIL ${f}`);
  }
  return lines.join('\n');
}

/** One line per floor: value, requirement, margin and whether it is met. */
export function formatFloors(floors: readonly FloorRow[]): string {
  const width = Math.max(20, ...floors.map((r) => r.key.length));
  const lines = [`${'floor'.padEnd(width)}  ${'value'.padStart(14)}  ${'required'.padStart(14)}  margin`];
  for (const f of floors) {
    const req = `${f.better === 'higher' ? '>=' : '<='} ${fmt(f.floor.value)}`;
    lines.push(`${f.key.padEnd(width)}  ${fmt(f.value).padStart(14)}  ${req.padStart(14)}  ${pct(f.margin)} ${f.met ? 'met' : 'MISSED'} (${f.floor.source}, ${f.unit})`);
  }
  return lines.join('\n');
}
