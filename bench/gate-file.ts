import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATE_FILE, keyedFigures, readBenchFiles, type GateFile } from '../web/reports/bench-format.ts';
import { evaluateGate } from './gate.ts';

/**
 * Judges the latest results of every suite under `benchDir` against its baseline (the baseline's own
 * tolerances) and writes the verdict to results/gate.json, which the benchmarks page shows as data.
 */
export function writeGateFile(benchDir: string, createdAt: Date = new Date()): GateFile {
  const { results, baseline } = readBenchFiles(benchDir);
  const file: GateFile = {
    version: 1,
    createdAt: createdAt.toISOString(),
    baselineCreatedAt: baseline?.createdAt ?? null,
    report: evaluateGate(baseline, keyedFigures(results)),
  };
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(join(benchDir, 'results', GATE_FILE), JSON.stringify(file, null, 2) + '\n');
  return file;
}
