/** The performance comparison table: one row per strategy, sortable by any column (the sort survives updates). */
import { $, esc } from './dom.ts';
import { fmtMoney, fmtNum, fmtPct } from './format.ts';
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
  const sorted = $('#compare th[aria-sort]');
  if (sorted) sortTable($<HTMLTableElement>('#compare'), Array.prototype.indexOf.call(sorted.parentElement!.children, sorted), sorted.getAttribute('aria-sort')!, sorted.getAttribute('data-sort') === 'num');
}

function sortTable(table: HTMLTableElement, i: number, dir: string, numeric: boolean): void {
  const body = table.tBodies[0];
  const key = (r: HTMLTableRowElement) => (numeric ? Number(r.cells[i].getAttribute('data-v') || -Infinity) : (r.cells[i].textContent ?? '').toLowerCase());
  const rows = Array.from(body.rows).sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return dir === 'ascending' ? c : -c;
  });
  for (const r of rows) body.appendChild(r);
}

/** Clicking a header sorts by it, descending first, then toggles. */
export function initSortableTables(): void {
  document.querySelectorAll<HTMLTableCellElement>('table.sortable th').forEach((th, i) => {
    th.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
      th.parentElement!.querySelectorAll('th').forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      sortTable(th.closest('table')!, i, dir, th.getAttribute('data-sort') === 'num');
    });
  });
}
