import { esc } from './html.ts';
import { formatPercent } from '../../engine/format.ts';

/** A metrics table column: key in `performance` (or the portfolio object), label, and how to print it. */
export interface MetricColumn {
  key: string;
  label: string;
  kind: 'pct' | 'num' | 'num4' | 'int' | 'money';
  /** An annualised figure: null under the minimum span, its "–" titled with the row's reason. */
  annualised?: boolean;
  /** Key in metrics.json's `portfolio` object when it differs. */
  portfolioKey?: string;
  help?: string;
}

export const METRIC_COLUMNS: MetricColumn[] = [
  { key: 'totalReturn', label: 'Return', kind: 'pct' },
  { key: 'cagr', label: 'CAGR', kind: 'pct', annualised: true, help: 'over the calendar span; – for runs shorter than 30 days' },
  { key: 'sharpeRatio', label: 'Sharpe', kind: 'num', annualised: true, help: 'annualised by the market’s periods per year (252 sessions for US equities, 365 days for crypto), of each row’s own equity: a strategy’s, or the portfolio’s (the sum of the strategies’) in the Portfolio row; – for runs shorter than 30 days' },
  { key: 'sharpePerBar', label: 'Sharpe/bar', kind: 'num4', help: 'mean / standard deviation of per-bar returns, not annualised: present for any span, what sweeps and the optimiser rank by' },
  { key: 'sortinoRatio', label: 'Sortino', kind: 'num', annualised: true },
  { key: 'calmarRatio', label: 'Calmar', kind: 'num', annualised: true },
  { key: 'maxDrawdown', label: 'Max DD', kind: 'pct' },
  { key: 'maxDrawdownDuration', label: 'DD bars', kind: 'int', help: 'longest drawdown, in bars' },
  { key: 'winRate', label: 'Win rate', kind: 'pct' },
  { key: 'totalTrades', label: 'Trades', kind: 'int' },
  { key: 'profitFactor', label: 'Profit factor', kind: 'num' },
  { key: 'averageTrade', label: 'Avg trade', kind: 'money' },
  { key: 'exposure', label: 'Exposure', kind: 'pct' },
  { key: 'fees', label: 'Fees', kind: 'money' },
  { key: 'equity', label: 'Final equity', kind: 'money', portfolioKey: 'finalEquity' },
];

export function formatMetric(v: unknown, kind: MetricColumn['kind']): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  switch (kind) {
    case 'pct':
      return formatPercent(v);
    case 'int':
      return String(Math.round(v));
    case 'num4':
      return v.toFixed(4);
    case 'money':
      return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    default:
      return v.toFixed(2);
  }
}

export interface MetricRow {
  /** Leading text cells (run, strategy, symbol...). */
  head: string[];
  values: Record<string, unknown>;
  /** Row attributes: the strategy class for toggling, portfolio marker. */
  className?: string;
  id?: string;
  /** Why the row's annualised figures are null (metrics.json `annualisation.reason`), when they are. */
  annualisationReason?: string | null;
}

/**
 * A sortable metrics table (click a header). Each value cell carries `data-key` and `data-v`, the exact number
 * from metrics.json (empty for null), so sorting and tests read the data rather than the printed text.
 */
export function metricsTable(headLabels: string[], rows: readonly MetricRow[], footer: readonly MetricRow[] = []): string {
  const th = [...headLabels.map((l) => `<th data-sort="text">${esc(l)}</th>`), ...METRIC_COLUMNS.map((c) => `<th data-sort="num"${c.help ? ` title="${esc(c.help)}"` : ''}>${esc(c.label)}</th>`)].join('');
  const tr = (r: MetricRow, portfolio: boolean) => {
    const cells = r.head.map((h) => `<td>${esc(h)}</td>`);
    for (const c of METRIC_COLUMNS) {
      const v = r.values[portfolio && c.portfolioKey ? c.portfolioKey : c.key];
      const raw = typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
      const why = raw === '' && c.annualised && r.annualisationReason ? ` title="${esc(r.annualisationReason)}"` : '';
      cells.push(`<td class="num" data-key="${c.key}" data-v="${raw}"${why}>${formatMetric(v, c.kind)}</td>`);
    }
    return `<tr${r.className ? ` class="${esc(r.className)}"` : ''}${r.id ? ` data-id="${esc(r.id)}"` : ''}>${cells.join('')}</tr>`;
  };
  return `<table class="metrics sortable"><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => tr(r, false)).join('')}</tbody>${
    footer.length ? `<tfoot>${footer.map((r) => tr(r, true)).join('')}</tfoot>` : ''
  }</table>`;
}
