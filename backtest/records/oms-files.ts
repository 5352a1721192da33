import { MAX_ENUM, type TableColumn } from '../../data/table-file.ts';
import type { OmsReport } from '../../engine/portfolio/oms-types.ts';

/** The weights at every rebalance, one row per strategy and rebalance (time, strategy_id, weight). */
export const ALLOCATION_HISTORY_FILE = 'allocation-history.parquet';

/**
 * metrics.json's `portfolio.oms`: the OMS report with its allocation history (one snapshot per rebalance, so it
 * grows with the run) replaced by its count and the file that holds it.
 */
export function omsSummary(oms: OmsReport | null): unknown {
  if (oms === null || oms.allocation === null) return oms;
  const { history, ...allocation } = oms.allocation;
  return { ...oms, allocation: { ...allocation, historyCount: history.length, historyFile: ALLOCATION_HISTORY_FILE } };
}

/** allocation-history.parquet's columns: each snapshot's weights in the start order of `allocation.weights`. */
export function allocationHistoryColumns(allocation: NonNullable<OmsReport['allocation']>): TableColumn[] {
  const ids = allocation.weights.map((w) => w.id);
  const rows = allocation.history.length * ids.length;
  const time = new Float64Array(rows);
  const codes = ids.length <= MAX_ENUM ? new Uint16Array(rows) : new Uint32Array(rows);
  const weight = new Float64Array(rows);
  let r = 0;
  for (const h of allocation.history) {
    if (h.weights.length !== ids.length) throw new Error(`allocation snapshot at ${new Date(h.time).toISOString()} has ${h.weights.length} weights for ${ids.length} strategies`);
    for (let i = 0; i < ids.length; i++, r++) {
      time[r] = h.time;
      codes[r] = i;
      weight[r] = h.weights[i];
    }
  }
  return [
    { name: 'time', kind: 'time', values: time },
    { name: 'strategy_id', kind: 'enum', dictionary: ids, values: codes },
    { name: 'weight', kind: 'number', values: weight },
  ];
}
