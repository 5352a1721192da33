/**
 * Noise study for choosing the gate tolerance: reads several runs' result folders (copies of bench/results/
 * after `npm run bench -- --quick`) and prints, per gated figure, the spread of its calibration ratio across
 * runs: worst / best - 1 in the figure's "worse" direction. The tolerance must sit above the spread a healthy
 * build shows, or the gate cries wolf.
 *
 *   for i in 1 2 3 4 5; do npx tsx bench/run.ts --quick && cp -r bench/results /tmp/noise/r$i; done
 *   npx tsx bench/noise.ts /tmp/noise/r*
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureKey, worseBy } from './gate.ts';
import type { Figure, SuiteResult } from './harness.ts';

export interface NoiseRow {
  key: string;
  runs: number;
  /** Largest "worse by" between any two runs, as a fraction. */
  spread: number;
  compared: 'ratio' | 'value';
}

/** Spread of each gated figure over runs (each run: that run's suite results). */
export function noiseOf(runs: readonly SuiteResult[][]): NoiseRow[] {
  const byKey = new Map<string, Figure[]>();
  for (const run of runs) {
    for (const r of run) {
      for (const f of r.figures) {
        if (!f.gated) continue;
        const k = figureKey(r.suite, f.name);
        byKey.set(k, [...(byKey.get(k) ?? []), f]);
      }
    }
  }
  const rows: NoiseRow[] = [];
  for (const [key, list] of byKey) {
    const byValue = list[0].normalize === false || list.some((f) => f.ratio === undefined);
    const xs = list.map((f) => (byValue ? f.value : f.ratio!));
    const better = list[0].better;
    const best = better === 'higher' ? Math.max(...xs) : Math.min(...xs);
    const worst = better === 'higher' ? Math.min(...xs) : Math.max(...xs);
    rows.push({ key, runs: list.length, spread: worseBy(best, worst, better), compared: byValue ? 'value' : 'ratio' });
  }
  return rows.sort((a, b) => b.spread - a.spread);
}

function main(): void {
  const dirs = process.argv.slice(2);
  if (dirs.length < 2) {
    process.stderr.write('usage: npx tsx bench/noise.ts <results-dir> <results-dir> [...]\n');
    process.exitCode = 2;
    return;
  }
  const runs = dirs.map((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(d, f), 'utf8')) as SuiteResult));
  const rows = noiseOf(runs);
  const width = Math.max(...rows.map((r) => r.key.length));
  process.stdout.write(`${'gated figure'.padEnd(width)}  runs  spread (worst vs best, ${'by ratio unless noted'})\n`);
  for (const r of rows) process.stdout.write(`${r.key.padEnd(width)}  ${String(r.runs).padStart(4)}  ${(r.spread * 100).toFixed(1).padStart(6)}%${r.compared === 'value' ? ' (value)' : ''}\n`);
  const spreads = rows.map((r) => r.spread).sort((a, b) => a - b);
  process.stdout.write(`\nmedian spread ${(spreads[Math.floor(spreads.length / 2)] * 100).toFixed(1)}%, largest ${(spreads[spreads.length - 1] * 100).toFixed(1)}%\n`);
}

if (process.argv[1]?.endsWith('noise.ts')) main();
