/** trials.parquet / trials.csv: one row per trial, in trial order (window by window with --walkforward). */
import { join } from 'node:path';
import { writeTable, type TableColumn } from '../../../data/table-file.ts';
import { PERFORMANCE_COLUMNS } from '../../run/metric-select.ts';
import { paramColumn } from '../sweep/sweep-files.ts';
import type { Objective } from './objectives.ts';
import type { Trial } from './optimizer.ts';
import type { Dimension } from './space.ts';

export const TRIALS_TABLE_LAYOUT =
  'one row per trial in trial order: window (walk-forward training window, 0 without), trial, batch, status (ok | infeasible | pruned | invalid | errored), ' +
  'reason, one column per --param named by its config path, objective_1.. (each --objective in its own sign; null unless the trial finished), ' +
  'violation (0 when feasible), recommended (1 for the recommended trial of its window), repeat_of (the earlier trial whose values and result it repeats, not replayed again), then every metric (as sweep.parquet; a pruned trial has the metrics of the part it ran), ' +
  'then wall_ms (measured replay time: the only column that differs between identical runs).';

export interface WindowTrials {
  window: number;
  trials: readonly Trial[];
  recommended: number | null;
}

export function trialColumns(dims: readonly Dimension[], objectives: readonly Objective[], windows: readonly WindowTrials[]): TableColumn[] {
  const rows = windows.flatMap((w) => w.trials.map((t) => ({ w, t })));
  const num = (name: string, get: (r: (typeof rows)[number]) => number | null): TableColumn => ({ name, kind: 'number', values: rows.map((r) => get(r) as number) });
  return [
    num('window', (r) => r.w.window),
    num('trial', (r) => r.t.trial),
    num('batch', (r) => r.t.batch),
    { name: 'status', kind: 'string', values: rows.map((r) => r.t.status) },
    { name: 'reason', kind: 'string', values: rows.map((r) => r.t.reason as string) },
    ...dims.map((d, k) => paramColumn(d.path, rows.map((r) => r.t.values[k]))),
    ...objectives.map((_, k) => num(`objective_${k + 1}`, (r) => r.t.objectives[k])),
    num('violation', (r) => (Number.isFinite(r.t.violation) ? r.t.violation : null)),
    num('recommended', (r) => (r.w.recommended === r.t.trial ? 1 : 0)),
    num('repeat_of', (r) => r.t.repeatOf),
    ...PERFORMANCE_COLUMNS.map(([name, get]) => num(name, (r) => (r.t.metrics ? get(r.t.metrics.performance) : null))),
    num('wall_ms', (r) => Math.round(r.t.wallMs * 1000) / 1000),
  ];
}

export async function writeTrialTables(dir: string, cols: readonly TableColumn[]): Promise<string[]> {
  await writeTable(join(dir, 'trials.parquet'), 'parquet', cols);
  await writeTable(join(dir, 'trials.csv'), 'csv', cols);
  return ['trials.parquet', 'trials.csv'];
}
