import { drawdownChart, equityChart, type SeriesStyle, type StyledLine } from './charts.ts';
import { esc, pageShell } from './html.ts';
import { metricsTable, type MetricRow } from './metrics-table.ts';
import type { ReportData } from './report-data.ts';
import { metricRows, styledEquity, stylesFor, togglesHtml } from './report-page.ts';

const DAY = 86_400_000;
const shortIso = (v: unknown) => (typeof v === 'string' ? `${v.replace('T', ' ').slice(0, 16)} UTC` : '?');

function span(lines: readonly StyledLine[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) {
    if (l.line.t.length === 0) continue;
    lo = Math.min(lo, l.line.t[0]);
    hi = Math.max(hi, l.line.t[l.line.t.length - 1]);
  }
  return [lo, hi];
}

/**
 * Two or more runs side by side: one metrics table over all of them, every strategy's return since its start
 * on one chart (on a shared calendar when the runs overlap in time, else as days since each run's start),
 * and each run's drawdown in its own column.
 */
export function renderComparison(runs: readonly ReportData[], opts: { served: boolean }): string {
  let colorOffset = 0;
  const perRun = runs.map((data, r) => {
    const label = `R${r + 1}`;
    const styles = stylesFor(data, `r${r}-`, colorOffset, `${label} `);
    colorOffset += data.strategies.length;
    return { data, label, styles, eq: styledEquity(data, styles) };
  });

  const spans = perRun.map((p) => span(p.eq.strategies));
  const overlap = Math.max(...spans.map((s) => s[0])) <= Math.min(...spans.map((s) => s[1]));
  const all: StyledLine[] = [];
  for (const [i, p] of perRun.entries()) {
    for (const s of p.eq.strategies) {
      const t0 = spans[i][0];
      all.push(overlap ? s : { style: s.style, line: { t: s.line.t.map((t) => (t - t0) / DAY), v: s.line.v } });
    }
  }
  const returnChart = overlap ? equityChart(all, { asReturn: true }) : equityChartRelative(all);

  const rows: MetricRow[] = [];
  const footer: MetricRow[] = [];
  for (const p of perRun) {
    const m = metricRows(p.data, p.styles, p.label);
    rows.push(...m.rows);
    footer.push(...m.footer);
  }
  const toggles: SeriesStyle[] = perRun.flatMap((p) => p.data.strategies.map((s) => p.styles.get(s.id)!));

  const runHeads = perRun
    .map((p) => {
      const m = p.data.manifest;
      const d = m.data ?? {};
      const link = opts.served ? `<a href="/reports/${encodeURIComponent(m.runId)}">${esc(m.runId)}</a>` : esc(m.runId);
      return `<div class="card"><strong>${esc(p.label)}</strong> ${link}<p class="meta">data ${esc(shortIso(d.firstCandleClose))} → ${esc(shortIso(d.lastCandleClose))}</p><p class="meta">${p.data.strategies.map((s) => esc(`${s.name} (${s.symbol} ${s.timeframe})`)).join(', ')}</p></div>`;
    })
    .join('');
  // One depth for every panel, so side-by-side drawdowns compare by eye.
  const depth = Math.max(0.001, ...perRun.flatMap((p) => [...p.eq.drawdowns, ...(p.eq.portfolioDd ? [p.eq.portfolioDd] : [])].flatMap((l) => Array.from(l.line.v))));
  const columns = perRun
    .map((p) => `<div class="card"><h3>${esc(p.label)} drawdown</h3>${p.eq.drawdowns.length ? drawdownChart(p.eq.drawdowns, p.eq.portfolioDd ?? undefined, perRun.length > 1 ? 560 : 1100, depth) : '<p class="muted">no equity recorded</p>'}</div>`)
    .join('');

  const body = [
    `<h1>Comparing ${runs.length} runs</h1>`,
    `<div class="grid">${runHeads}</div>`,
    togglesHtml(toggles),
    `<section id="metrics"><h2>Metrics</h2><div class="tablewrap">${metricsTable(['Run', 'Strategy', 'Series'], rows, footer)}</div></section>`,
    `<section class="chart" id="returns"><h2>Return since start</h2><p class="note">${overlap ? 'Runs overlap in time: shared calendar axis.' : 'Runs cover different periods: x is days since each run’s start.'}</p>${returnChart}</section>`,
    `<section class="chart" id="drawdowns"><h2>Drawdown</h2><div class="grid">${columns}</div></section>`,
  ].join('\n');
  return pageShell({ title: `Strata comparison: ${runs.map((r) => r.manifest.runId).join(', ')}`, body, served: opts.served });
}

/** Return since start against days since start (runs over different periods). */
function equityChartRelative(series: readonly StyledLine[]): string {
  return equityChart(series, { asReturn: true, relativeDays: true });
}
