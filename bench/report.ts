/** Readable tables of suite results for the terminal. */
import { fmt } from './gate.ts';
import type { Figure, SuiteResult } from './harness.ts';

/** A value with its unit, scaled for reading (updates/s in millions, ns past 10,000 in us). */
export function show(value: number, unit: string): string {
  if (unit.endsWith('/s') && Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)} M ${unit}`;
  if (unit === 'ns' && Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} us`;
  if (unit === 'bytes') return `${Math.round(value).toLocaleString('en-US')} B`;
  return `${fmt(value)} ${unit}`;
}

function floorCell(f: Figure): string {
  if (!f.floor) return '';
  const margin = f.better === 'higher' ? f.value / f.floor.value - 1 : f.floor.value / f.value - 1;
  return `${margin >= 0 ? 'met' : 'MISSED'} ${margin >= 0 ? '+' : ''}${(margin * 100).toFixed(0)}% (${f.floor.source})`;
}

export function suiteTable(r: SuiteResult): string {
  const rows = r.figures.map((f) => [
    f.name,
    show(f.value, f.unit),
    String(f.samples),
    f.spread === undefined ? '' : `${(f.spread * 100).toFixed(1)}%`,
    f.ratio === undefined ? '' : fmt(f.ratio),
    f.gated ? 'yes' : '',
    floorCell(f),
  ]);
  const head = ['figure', 'value', 'samples', 'spread', 'x calib', 'gated', 'floor'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [
    `== ${r.suite}: ${r.description} (${r.mode}, ${(r.durationMs / 1000).toFixed(1)} s, calibration ${r.calibration.nsPerIteration.toFixed(3)} ns/iter wall, ${r.calibration.cpuNsPerIteration.toFixed(3)} CPU)`,
    line(head),
    ...rows.map(line),
  ];
  for (const n of r.notes) out.push(`  ${n}`);
  return out.join('\n');
}
