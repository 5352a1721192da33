/** Sortable tables: a header click sorts by its column (descending first, then toggling); the sort survives re-renders through `resort`. */

function sortTable(table: HTMLTableElement, i: number, dir: string, numeric: boolean): void {
  const body = table.tBodies[0];
  const key = (r: HTMLTableRowElement) => (numeric ? Number(r.cells[i]?.getAttribute('data-v') || -Infinity) : (r.cells[i]?.textContent ?? '').toLowerCase());
  const rows = Array.from(body.rows).sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return dir === 'ascending' ? c : -c;
  });
  for (const r of rows) body.appendChild(r);
}

/** Applies the table's current sort again (after its rows were rebuilt). */
export function resort(table: HTMLTableElement): void {
  const th = table.querySelector<HTMLTableCellElement>('th[aria-sort]');
  if (th) sortTable(table, th.cellIndex, th.getAttribute('aria-sort')!, th.getAttribute('data-sort') === 'num');
}

/** Makes every `table.sortable` sortable by its headers. */
export function initSortableTables(): void {
  document.querySelectorAll<HTMLTableCellElement>('table.sortable th[data-sort]').forEach((th) => {
    th.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
      th.parentElement!.querySelectorAll('th').forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      sortTable(th.closest('table')!, th.cellIndex, dir, th.getAttribute('data-sort') === 'num');
    });
  });
}
