import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Plot from '@observablehq/plot';
import type { AbDocument } from '../../backtest/research/ab/ab-job.ts';
import { m4Arrays } from '../run-folder/m4.ts';
import { equityChart, type StyledLine } from './charts.ts';
import { esc } from './html.ts';
import type { ReportData } from './report-data.ts';
import { colorOf, plotToString } from './svg.ts';
import { formatPercent } from '../../engine/format.ts';

/** ab.json of a run folder, or null when the run is not an A/B run. */
export function readAbDocument(dir: string): AbDocument | null {
  const path = join(dir, 'ab.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as AbDocument;
  } catch {
    return null;
  }
}

const pct = (v: number | null, d = 2) => formatPercent(v, { digits: d });
const num = (v: number | null, d = 2) => (v === null ? '–' : v.toFixed(d));
const pv = (p: number | null) => (p === null ? '–' : p < 0.0001 ? '&lt;0.0001' : p.toFixed(4));
const CLASS: Record<string, string> = { better: 'ab-better', worse: 'ab-worse', no_difference: 'ab-same', not_enough_data: 'ab-wait' };
const POINTS = 1500;

/** Cumulative return difference (variant − control, in return since start) per period. */
function differenceChart(doc: AbDocument): string {
  const [ctl, ...rest] = doc.series.equity;
  const c0 = doc.variants[0].capital;
  const marks = rest.map((eq, k) => {
    const v0 = doc.variants[k + 1].capital;
    const diff = eq.map((e, i) => e / v0 - ctl[i] / c0);
    const line = m4Arrays(doc.series.end, diff, POINTS / 4);
    return Plot.line({ length: line.t.length }, { x: line.t, y: line.v, stroke: colorOf(k + 1), strokeWidth: 1.4, className: `ab-diff-${k + 1}` });
  });
  return plotToString({
    width: 1100,
    height: 220,
    marginLeft: 64,
    x: { type: 'utc', label: null },
    y: { grid: true, label: `return difference vs ${doc.variants[0].label}`, tickFormat: (d: number) => pct(d, 1) },
    marks: [Plot.ruleY([0], { stroke: '#999' }), ...marks],
  });
}

/**
 * The A/B section of a run report: one verdict per variant, the statistics behind it, the variants' equity
 * (as return since start, sampled per period) and the cumulative difference. Empty for runs without ab.json.
 */
export function abSection(data: ReportData): string {
  const doc = readAbDocument(data.dir);
  if (!doc || !doc.series || doc.series.end.length === 0) return '';
  const verdicts = doc.comparisons
    .map(
      (c) => `<div class="ab-verdict ${CLASS[c.verdict.code] ?? ''}" data-verdict="${esc(c.verdict.code)}"><strong>${esc(c.variant)} vs ${esc(c.control)}: ${esc(c.verdict.text)}</strong><p class="note">${esc(c.verdict.detail)}</p></div>`,
    )
    .join('');
  const rows = doc.comparisons
    .map((c) => {
      const s = c.sharpe;
      return `<tr><td>${esc(c.variant)} − ${esc(c.control)}</td><td class="num">${c.periods}</td><td class="num">${num(c.tTest.meanDiff === null ? null : c.tTest.meanDiff * 100, 4)}</td><td class="num">${num(c.tTest.t)}</td><td class="num">${pv(c.tTest.p)}</td>
<td class="num">${c.signTest.positive}/${c.signTest.negative}</td><td class="num">${pv(c.signTest.p)}</td><td class="num">${pv(c.wilcoxon.p)}</td>
<td class="num">${num(s.diff)}</td><td class="num">${s.low === null ? '–' : `${num(s.low)} … ${num(s.high)}`}</td><td class="num">${c.power.requiredPeriods ?? '–'}</td></tr>`;
    })
    .join('');
  const table = `<div class="tablewrap"><table><thead><tr><th>Difference</th><th>Periods</th><th>Mean (pp/period)</th><th>t</th><th>p (t-test)</th><th>+/−</th><th>p (sign)</th><th>p (Wilcoxon)</th><th>Sharpe diff</th><th>${pct(doc.comparisons[0]?.sharpe.level ?? 0.95, 0)} CI</th><th>Periods needed</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const lines: StyledLine[] = doc.variants.map((v, i) => ({ style: { key: `ab${i}`, label: v.name, color: colorOf(i) }, line: m4Arrays(doc.series.end, doc.series.equity[i], POINTS / 4) }));
  const legend = doc.variants.map((v, i) => `<span class="ab-key"><span class="swatch" style="background:${colorOf(i)}"></span>${esc(v.name)} (${pct(v.totalReturn)})</span>`).join(' ');
  const style = `<style>.ab-verdict{border-left:4px solid #9498a0;padding:.3em .8em;margin:.5em 0}.ab-better{border-color:#3ca951}.ab-worse{border-color:#ff725c}.ab-wait{border-color:#efb118}.ab-key{margin-right:1.2em}</style>`;
  return `<section class="chart" id="ab"><h2>A/B test</h2>${style}${verdicts}
<p class="note">Per-${esc(doc.period)} returns, level ${num(doc.alpha, 3)} family-wise, power ${pct(doc.power, 0)}. ${esc(doc.method)}</p>${table}
<h3>Equity, per period</h3><p>${legend}</p>${equityChart(lines, { asReturn: true, height: 280 })}
<h3>Cumulative difference</h3>${differenceChart(doc)}</section>`;
}
