import type { MarginMetrics } from '../../engine/types.ts';
import { esc } from './html.ts';
import type { ReportData } from './report-data.ts';

/**
 * The report's margin view, for runs with strategies on margin or perpetuals: per strategy the funding paid,
 * received and net, the borrow cost and the liquidations (metrics.json `margin`), and the margin terms and rules
 * its manifest printed (instrument, leverage, maintenance, the liquidation formula, funding and its coverage).
 */

const money = (x: number) => (Math.abs(x) < 0.005 ? '0.00' : x.toFixed(2));
const cells = (values: readonly string[], cls = 'num') => values.map((v) => `<td class="${cls}">${v}</td>`).join('');

interface Coverage {
  payments?: number;
  missing?: number;
  onMissing?: string;
  gaps?: { from: string | null; count: number }[];
}

/** The manifest's funding coverage in words: payments read, and the gaps a `warn` run went over. */
function coverageText(c: Coverage): string {
  const gaps = (c.gaps ?? []).map((g) => `${g.count} from ${g.from ?? '?'}`).join(', ');
  return `${c.payments ?? 0} payment(s) read, ${c.missing ?? 0} missing${gaps ? ` (${gaps})` : ''}; on a gap: ${c.onMissing ?? 'error'}`;
}

function termsTable(name: string, terms: Record<string, unknown>): string {
  const rows = Object.entries(terms).map(([k, v]) => {
    const text = k === 'fundingCoverage' && v && typeof v === 'object' ? coverageText(v as Coverage) : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return `<tr><th scope="row">${esc(k)}</th><td>${esc(text)}</td></tr>`;
  });
  return `<details class="margin-terms"><summary>${esc(name)}: margin terms (manifest)</summary><table class="metrics terms"><tbody>${rows.join('')}</tbody></table></details>`;
}

/** The section's content: the funding/borrow/liquidations table and each strategy's terms; '' when every strategy is spot. */
export function marginContent(data: ReportData): string {
  const margin = data.metrics.strategies.flatMap((s) => {
    const m = (s.metrics as { margin?: MarginMetrics }).margin;
    return m ? [{ id: s.id, name: s.name, m }] : [];
  });
  if (margin.length === 0) return '';
  const head = ['Strategy', 'Instrument', 'Leverage', 'Funding paid', 'Funding received', 'Funding net', 'Borrow cost', 'Liquidations', 'Liquidation price (open)'].map((h) => `<th>${h}</th>`).join('');
  const body = margin
    .map(({ id, name, m }) => {
      const funding = m.instrument === 'perpetual' ? [money(m.fundingPaid), money(m.fundingReceived), money(m.fundingNet)] : ['–', '–', '–'];
      return `<tr data-strategy="${esc(id)}"><td>${esc(name)}</td><td>${esc(m.instrument)}</td>${cells([`${m.leverage}x`, ...funding, money(m.borrowCost), String(m.liquidations), m.liquidationPrice === null ? '–' : m.liquidationPrice.toFixed(2)])}</tr>`;
    })
    .join('');
  const terms = data.manifest.strategies.flatMap((s) => {
    const t = (s as { margin?: Record<string, unknown> }).margin;
    return t ? [termsTable(s.name ?? s.id, t)] : [];
  });
  return `<div class="tablewrap"><table class="metrics margin"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${terms.join('')}`;
}
