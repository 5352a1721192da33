import { join } from 'node:path';
import { writeTable, type TableColumn } from '../../../data/table-file.ts';
import { PERFORMANCE_COLUMNS } from '../../run/metric-select.ts';
import type { ParamSpec, ParamValue } from './param-grid.ts';
import type { SweepResult, SweepRow } from './sweep.ts';

/**
 * How sweep.parquet / sweep.csv are laid out (also written into the manifest): one row per combination,
 * best first, so the table is "long" in the combinations and ready for a heatmap as is
 * (x = one parameter column, y = another, fill = a metric column).
 */
export const SWEEP_TABLE_LAYOUT =
  'one row per combination, best first: rank (1 = best by the chosen metric; null when the metric is undefined or the row did not run), ' +
  'combination (row-major grid index, first --param slowest), status (ok | errored | skipped), reason, one column per --param named by its config path, ' +
  'then every metric (total_return, sharpe, sortino, max_drawdown, cagr, calmar, win_rate, trades, profit_factor, expectancy, average_trade, exposure, ' +
  'max_drawdown_duration, realized_pnl, fees, final_equity, bars). Heatmap: x = one parameter column, y = another, fill = a metric.';

/** A parameter column: numbers when every value is a number, text otherwise. */
export function paramColumn(name: string, values: readonly ParamValue[]): TableColumn {
  return values.every((v) => typeof v === 'number')
    ? { name, kind: 'number', values: values as number[] }
    : { name, kind: 'string', values: values.map((v) => String(v)) };
}

/** Leading columns of a row table, each parameter as its own column, then every metric. */
export function sweepColumns(params: readonly ParamSpec[], rows: readonly SweepRow[], lead: TableColumn[] = []): TableColumn[] {
  return [
    ...lead,
    { name: 'rank', kind: 'number', values: rows.map((r) => r.rank as number) },
    { name: 'combination', kind: 'number', values: rows.map((r) => r.combination) },
    { name: 'status', kind: 'string', values: rows.map((r) => r.status) },
    { name: 'reason', kind: 'string', values: rows.map((r) => r.reason as string) },
    ...params.map((p, k) => paramColumn(p.path, rows.map((r) => r.values[k]))),
    ...PERFORMANCE_COLUMNS.map(([name, get]): TableColumn => ({ name, kind: 'number', values: rows.map((r) => (r.metrics === null ? null : get(r.metrics.performance)) as number) })),
  ];
}

/** Writes sweep.parquet and sweep.csv (same rows, same order); returns the file names. */
export async function writeSweepTables(dir: string, result: SweepResult): Promise<string[]> {
  const cols = sweepColumns(result.params, result.rows);
  await writeTable(join(dir, 'sweep.parquet'), 'parquet', cols);
  await writeTable(join(dir, 'sweep.csv'), 'csv', cols);
  return ['sweep.parquet', 'sweep.csv'];
}

/** `path=value` pairs of a row, for tables printed to the terminal. */
export function paramRecord(params: readonly ParamSpec[], values: readonly ParamValue[]): Record<string, ParamValue> {
  return Object.fromEntries(params.map((p, k) => [p.path, values[k]]));
}
