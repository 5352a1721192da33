import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunListing } from '../run-folder/catalog.ts';
import { renderComparison } from './compare-page.ts';
import { esc, pageShell } from './html.ts';
import { loadReportData, type ReportDataOptions } from './report-data.ts';
import { renderRunReport, type ReportOptions } from './report-page.ts';
import { candleScript } from './candle-script.ts';
import { formatPercent } from '../../engine/format.ts';

export { loadReportData } from './report-data.ts';

/** The HTML report of the run folder `dir` (self-contained: inline SVG, CSS and JS). */
export async function buildRunReport(dir: string, opts: ReportOptions & ReportDataOptions): Promise<string> {
  return renderRunReport(await loadReportData(dir, opts), { ...opts, candleScript: await candleScript() });
}

/** Runs side by side. */
export async function buildComparison(dirs: readonly string[], opts: { served: boolean } & ReportDataOptions): Promise<string> {
  const data = [];
  for (const d of dirs) data.push(await loadReportData(d, { points: opts.points ?? 1500, signalsPerStrategy: 0, candles: false }));
  return renderComparison(data, opts);
}

const short = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');
const pct = (v: number | null) => formatPercent(v);
const num = (v: number | null) => (v === null ? '–' : v.toFixed(2));

/** The served list of runs, with links to reports and a compare button. */
export function runsListPage(runs: readonly RunListing[]): string {
  const rows = runs
    .map((r) => {
      const id = encodeURIComponent(r.runId);
      return `<tr><td><input type="checkbox" data-run="${esc(r.runId)}" aria-label="compare ${esc(r.runId)}"></td><td><a href="/reports/${id}">${esc(r.runId)}</a></td><td>${esc(r.kind)}</td><td>${esc(short(r.createdAt))}</td>
<td class="num" data-v="${r.strategies ?? ''}">${r.strategies ?? '–'}</td><td class="num" data-v="${r.totalReturn ?? ''}">${pct(r.totalReturn)}</td><td class="num" data-v="${r.sharpe ?? ''}">${num(r.sharpe)}</td>
<td class="num" data-v="${r.maxDrawdown ?? ''}">${pct(r.maxDrawdown)}</td><td class="num" data-v="${r.trades ?? ''}">${r.trades ?? '–'}</td><td>${esc(short(r.dataFrom))} → ${esc(short(r.dataTo))}</td><td><a href="/reports/${id}/download">HTML</a></td></tr>`;
    })
    .join('');
  const body = runs.length
    ? `<h1>Runs</h1><p class="meta">${runs.length} recorded run(s). Tick two or more to compare them side by side.</p>
<p><button id="compare-runs" class="primary" type="button">Compare selected</button></p>
<div class="tablewrap"><table class="sortable"><thead><tr><th></th><th data-sort="text">Run</th><th data-sort="text">Kind</th><th data-sort="text">Created</th><th data-sort="num">Strategies</th><th data-sort="num" title="of the portfolio">Return</th><th data-sort="num" title="annualised Sharpe of the run’s portfolio equity (the sum of its strategies’); each strategy’s own is in the report">Sharpe (portfolio)</th><th data-sort="num">Max DD</th><th data-sort="num">Trades</th><th data-sort="text">Data</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`
    : '<h1>Runs</h1><p>No runs yet. Run <code>npx strata backtest &lt;config&gt; --data &lt;file&gt;</code> (or <code>npm run demo</code>) and reload.</p>';
  return pageShell({ title: 'Strata runs', body, served: true });
}

/** Small in-memory cache of rendered pages, invalidated when the run's files change. */
export class PageCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly max = 8) {}

  static stamp(dirs: readonly string[]): string {
    return dirs
      .map((d) => {
        let s = d;
        for (const f of ['manifest.json', 'metrics.json', 'equity.parquet', 'sweep.parquet']) {
          try {
            s += `:${statSync(join(d, f)).mtimeMs}`;
          } catch {
            s += ':-';
          }
        }
        return s;
      })
      .join('|');
  }

  async get(key: string, make: () => Promise<string>): Promise<string> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const html = await make();
    this.entries.set(key, html);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return html;
  }
}
