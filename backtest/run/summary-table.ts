import type { StrategyMetrics } from '../../engine/types.ts';

/** Columns of the comparison table, by the name `--sort` takes. */
export const SUMMARY_COLUMNS = {
  return: { title: 'Return', get: (m: StrategyMetrics) => m.performance.totalReturn, fmt: pct, higherIsBetter: true },
  sharpe: { title: 'Sharpe', get: (m: StrategyMetrics) => m.performance.sharpeRatio, fmt: num, higherIsBetter: true },
  sortino: { title: 'Sortino', get: (m: StrategyMetrics) => m.performance.sortinoRatio, fmt: num, higherIsBetter: true },
  drawdown: { title: 'Max DD', get: (m: StrategyMetrics) => m.performance.maxDrawdown, fmt: pct, higherIsBetter: false },
  winrate: { title: 'Win rate', get: (m: StrategyMetrics) => m.performance.winRate, fmt: pct, higherIsBetter: true },
  trades: { title: 'Trades', get: (m: StrategyMetrics) => m.performance.totalTrades, fmt: (x: number | null) => (x === null ? '-' : String(x)), higherIsBetter: true },
  exposure: { title: 'Exposure', get: (m: StrategyMetrics) => m.performance.exposure, fmt: pct, higherIsBetter: true },
} as const;

export type SummaryColumn = keyof typeof SUMMARY_COLUMNS;

function pct(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(2)}%`;
}

function num(x: number | null): string {
  return x === null ? '-' : x.toFixed(2);
}

/**
 * The comparison table of all strategies, best first by `sort` (nulls last; ties by id so the order is
 * deterministic).
 */
export function summaryTable(rows: readonly { id: string; metrics: StrategyMetrics }[], sort: SummaryColumn = 'sharpe'): string {
  const col = SUMMARY_COLUMNS[sort];
  const sorted = [...rows].sort((a, b) => {
    const x = col.get(a.metrics);
    const y = col.get(b.metrics);
    if (x === null && y === null) return a.id.localeCompare(b.id);
    if (x === null) return 1;
    if (y === null) return -1;
    const d = col.higherIsBetter ? y - x : x - y;
    return d !== 0 ? d : a.id.localeCompare(b.id);
  });
  const keys = Object.keys(SUMMARY_COLUMNS) as SummaryColumn[];
  const header = ['Strategy', 'Status', ...keys.map((k) => SUMMARY_COLUMNS[k].title + (k === sort ? ' *' : ''))];
  const body = sorted.map((r) => [r.id, r.metrics.status, ...keys.map((k) => SUMMARY_COLUMNS[k].fmt(SUMMARY_COLUMNS[k].get(r.metrics) as number | null))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
