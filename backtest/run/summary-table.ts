import type { StrategyMetrics } from '../../engine/types.ts';

/** Columns of the comparison table, by the name `--sort` takes. */
export const SUMMARY_COLUMNS = {
  return: { title: 'Return', get: (m: StrategyMetrics) => m.performance.totalReturn, fmt: pct, higherIsBetter: true },
  sharpe: { title: 'Sharpe', get: (m: StrategyMetrics) => m.performance.sharpeRatio, fmt: num, higherIsBetter: true },
  sharpe_per_bar: { title: 'Sharpe/bar', get: (m: StrategyMetrics) => m.performance.sharpePerBar, fmt: (x: number | null) => (x === null ? '–' : x.toFixed(4)), higherIsBetter: true },
  sortino: { title: 'Sortino', get: (m: StrategyMetrics) => m.performance.sortinoRatio, fmt: num, higherIsBetter: true },
  drawdown: { title: 'Max DD', get: (m: StrategyMetrics) => m.performance.maxDrawdown, fmt: pct, higherIsBetter: false },
  winrate: { title: 'Win rate', get: (m: StrategyMetrics) => m.performance.winRate, fmt: pct, higherIsBetter: true },
  trades: { title: 'Trades', get: (m: StrategyMetrics) => m.performance.totalTrades, fmt: (x: number | null) => (x === null ? '–' : String(x)), higherIsBetter: true },
  exposure: { title: 'Exposure', get: (m: StrategyMetrics) => m.performance.exposure, fmt: pct, higherIsBetter: true },
} as const;

export type SummaryColumn = keyof typeof SUMMARY_COLUMNS;

function pct(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(2)}%`;
}

function num(x: number | null): string {
  return x === null ? '–' : x.toFixed(2);
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
  const notes = annualisationNotes(sorted);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), `* sorted by ${col.title} (--sort); Sharpe/bar is mean / sd of per-bar returns, not annualised`, ...notes].join('\n');
}

/** One line per strategy whose annualised figures are "–", with the reason metrics.json gives. */
export function annualisationNotes(rows: readonly { id: string; metrics: StrategyMetrics }[]): string[] {
  return rows.flatMap((r) => (r.metrics.annualisation?.applied === false ? [`– ${r.id}: ${r.metrics.annualisation.reason}`] : []));
}

/** `1 strategy`, `2 strategies`: a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Orders refused per strategy (cash, limits, the venue), one line each, for the summary; '' when there were none. */
export function rejectionLines(blocked: readonly { strategyId: string; limit: string }[]): string {
  const by = new Map<string, Map<string, number>>();
  for (const b of blocked) {
    const m = by.get(b.strategyId) ?? new Map<string, number>();
    m.set(b.limit, (m.get(b.limit) ?? 0) + 1);
    by.set(b.strategyId, m);
  }
  if (by.size === 0) return '';
  const lines = [...by.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([id, m]) => {
      const total = [...m.values()].reduce((x, y) => x + y, 0);
      const parts = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l, n]) => `${l}: ${n}`);
      return `  ${id}  ${plural(total, 'order')} rejected (${parts.join(', ')})`;
    });
  return ['Rejected orders (never filled; reasons in the run\'s signals and the JSON output):', ...lines].join('\n');
}

const money = (x: number) => (Math.abs(x) < 0.005 ? '0.00' : x.toFixed(2));

/**
 * One line per strategy on margin or a perpetual (metrics `margin`): its terms, funding paid, received and net,
 * borrow cost and liquidations; '' when every strategy is spot, so a spot-only run prints as it always has.
 */
export function marginLines(rows: readonly { id: string; metrics: StrategyMetrics }[]): string {
  const margin = rows.filter((r) => r.metrics.margin).sort((a, b) => a.id.localeCompare(b.id));
  if (margin.length === 0) return '';
  const width = Math.max(...margin.map((r) => r.id.length));
  const lines = margin.map(({ id, metrics }) => {
    const m = metrics.margin!;
    const funding = m.instrument === 'perpetual' ? `funding paid ${money(m.fundingPaid)}, received ${money(m.fundingReceived)}, net ${money(m.fundingNet)}; ` : '';
    return `  ${id.padEnd(width)}  ${m.instrument} ${m.leverage}x  ${funding}borrow ${money(m.borrowCost)}; ${plural(m.liquidations, 'liquidation')}`;
  });
  return ['Margin (funding and borrow cost are in the P&L above):', ...lines].join('\n');
}
