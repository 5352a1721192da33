/** The performance comparison table: one row per strategy, sortable by any column (the sort survives updates). */
import { $, esc } from './dom.ts';
import { fmtMoney, fmtNum, fmtPct } from './format.ts';
import { resort } from './sortable.ts';
import { state } from './state.ts';

type Cell = ['text', string] | ['num', number | null | undefined, string];

export function renderCompare(): void {
  const rows: string[] = [];
  for (const [id, s] of state.strategies) {
    const m = s.metrics;
    const p = m?.performance;
    const cells: Cell[] = [
      ['text', s.summary.name || id],
      ['text', s.summary.status],
      ['text', `${s.summary.symbol} ${s.summary.timeframe}`],
      ['num', p?.totalReturn, fmtPct(p?.totalReturn)],
      ['num', p?.sharpeRatio, fmtNum(p?.sharpeRatio)],
      ['num', p?.maxDrawdown, fmtPct(p?.maxDrawdown)],
      ['num', p?.winRate, fmtPct(p?.winRate)],
      ['num', p?.totalTrades, p?.totalTrades == null ? '–' : String(p.totalTrades)],
      ['num', m ? m.current.unrealizedPnL : null, m ? fmtMoney(m.current.unrealizedPnL) : '–'],
      ['num', p?.equity, fmtMoney(p?.equity)],
    ];
    const tds = cells.map((c) => (c[0] === 'text' ? `<td>${esc(c[1])}</td>` : `<td class="num" data-v="${typeof c[1] === 'number' && Number.isFinite(c[1]) ? c[1] : ''}">${c[2]}</td>`));
    rows.push(`<tr data-id="${esc(id)}">${tds.join('')}</tr>`);
  }
  $('#compare tbody').innerHTML = rows.join('');
  resort($<HTMLTableElement>('#compare'));
}
