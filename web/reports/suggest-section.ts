import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRankMetric, RANK_METRICS } from '../../backtest/run/metric-select.ts';
import type { ParamSpec } from '../../backtest/research/sweep/param-grid.ts';
import { robustness, varianceExplained, type GridPoint } from '../../backtest/research/suggest/grid.ts';
import { METRIC_COLUMN } from '../../backtest/research/suggest/read-run.ts';
import type { SuggestReport } from '../../backtest/research/suggest/suggest-job.ts';
import { esc } from './html.ts';
import type { ReportData } from './report-data.ts';
import { formatPercent } from '../../engine/format.ts';

const pct = (v: number) => formatPercent(v, { digits: 1 });

function importanceBars(items: readonly { path: string; explained: number; matters: boolean }[]): string {
  return `<table class="suggest-importance"><tbody>${[...items]
    .sort((a, b) => b.explained - a.explained)
    .map(
      (p) =>
        `<tr><td>${esc(p.path)}</td><td style="width:50%"><div style="background:${p.matters ? '#4269d0' : '#c0c4cc'};height:10px;width:${Math.max(0.5, p.explained * 100).toFixed(1)}%"></div></td><td class="num">${pct(p.explained)}</td><td>${p.matters ? '' : 'does not matter'}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** What the report can say without suggest.json: robustness and importance straight from the sweep table. */
function quickFindings(data: ReportData): { findings: string[]; importance: { path: string; explained: number; matters: boolean }[] } | null {
  const m = data.manifest as { params?: ParamSpec[]; metric?: string; kind?: string };
  if (!data.sweep || !Array.isArray(m.params) || !m.metric || !isRankMetric(m.metric) || m.kind !== 'sweep') return null;
  const column = METRIC_COLUMN[m.metric];
  const params = m.params;
  const points: GridPoint[] = data.sweep.rows.map((r) => ({ values: params.map((p) => p.values.find((v) => String(v) === String(r[p.path])) ?? (r[p.path] as string)), score: typeof r[column] === 'number' ? (r[column] as number) : null }));
  const rb = robustness(params, points, { higherIsBetter: RANK_METRICS[m.metric].higherIsBetter });
  const ve = varianceExplained(params, points);
  if (rb.robust === null) return null;
  const show = (i: number) => params.map((p, k) => `${p.path}=${points[i].values[k]}`).join(', ');
  const findings = [
    `Best single combination: ${show(rb.best!)} (${m.metric} ${rb.points[rb.best!].score?.toFixed(3)}; neighbourhood average ${rb.points[rb.best!].neighbourhoodMean?.toFixed(3)}).`,
    `Most robust: ${show(rb.robust)} (neighbourhood average ${rb.points[rb.robust].neighbourhoodMean?.toFixed(3)}).`,
    `Run <code>strata suggest ${esc(data.manifest.runId)}</code> for the deflated Sharpe ratio and a suggested config file.`,
  ];
  return { findings, importance: ve ? ve.params.map((p) => ({ path: p.path, explained: p.explained, matters: p.explained >= 0.05 })) : [] };
}

/**
 * The optimisation suggestions of a sweep or walk-forward run in its report: suggest.json when `strata suggest`
 * wrote one, otherwise what the sweep table shows directly (robust point, parameter importance).
 */
export function suggestSection(data: ReportData): string {
  const path = join(data.dir, 'suggest.json');
  let findings: string[];
  let importance: { path: string; explained: number; matters: boolean }[] = [];
  let note = '';
  if (existsSync(path)) {
    let r: SuggestReport;
    try {
      r = JSON.parse(readFileSync(path, 'utf8')) as SuggestReport;
    } catch {
      return '';
    }
    findings = r.findings.map(esc);
    importance = r.importance ?? [];
    note = 'From suggest.json (strata suggest).';
  } else {
    const q = quickFindings(data);
    if (!q) return '';
    ({ findings, importance } = q);
    note = 'Computed from sweep.parquet.';
  }
  return `<section class="chart" id="suggest"><h2>Optimisation suggestions</h2><p class="note">${note} Robustness: each combination’s metric averaged over its grid neighbours (one step in any parameters). Importance: share of the metric’s variance each parameter explains alone.</p>
<ul class="suggest-findings">${findings.map((f) => `<li>${f}</li>`).join('')}</ul>${importance.length ? `<h3>Parameter importance</h3>${importanceBars(importance)}` : ''}</section>`;
}
