/**
 * The optimisation section of a run report (optimize.json of a `strata optimize` run): the findings and the
 * overfitting verdict, the convergence curve, parameter importance, the Pareto front when there are several
 * objectives, and the robust region over the first two parameters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Plot from '@observablehq/plot';
import { esc } from './html.ts';
import type { ReportData } from './report-data.ts';
import { plotToString } from './svg.ts';

interface Point {
  trial: number;
  status: string;
  values: (number | string | boolean)[];
  objectives: (number | null)[];
  repeatOf: number | null;
}

interface OptimizeDocument {
  search: string;
  objectives: { text: string; direction: string }[];
  space: { path: string; kind: string }[];
  findings: string[];
  overfit: { likely: boolean; reasons: string[] };
  convergence: { trial: number; value: number | null; best: number | null }[];
  importance: { path: string; explained: number }[] | null;
  front: { trial: number; objectives: (number | null)[] }[];
  recommended: { trial: number } | null;
  robust: { region: number[] } | null;
  points?: Point[];
}

function readDocument(dir: string): OptimizeDocument | null {
  const path = join(dir, 'optimize.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as OptimizeDocument;
  } catch {
    return null;
  }
}

const WIDTH = 1100;

function convergenceChart(doc: OptimizeDocument): string {
  const pts = doc.convergence.filter((c) => c.value !== null);
  const best = doc.convergence.filter((c) => c.best !== null);
  if (pts.length === 0) return '<p class="muted">No feasible trial.</p>';
  return plotToString({
    width: WIDTH,
    height: 260,
    marginLeft: 64,
    x: { label: 'trial' },
    y: { grid: true, label: doc.objectives[0].text },
    marks: [
      Plot.dot(pts, { x: 'trial', y: 'value', r: 2.5, fill: '#9498a0', className: 'opt-trial' }),
      Plot.line(best, { x: 'trial', y: 'best', stroke: '#4269d0', strokeWidth: 1.6, curve: 'step-after', className: 'opt-best' }),
    ],
  });
}

function importanceChart(items: readonly { path: string; explained: number }[]): string {
  const rows = [...items].sort((a, b) => b.explained - a.explained);
  return plotToString({
    width: WIDTH,
    height: 40 + 28 * rows.length,
    marginLeft: 240,
    x: { domain: [0, 1], label: 'share of the objective’s variance explained alone', tickFormat: (d: number) => `${(d * 100).toFixed(0)}%` },
    y: { label: null, domain: rows.map((r) => r.path) },
    marks: [Plot.barX(rows, { x: 'explained', y: 'path', fill: '#4269d0', className: 'opt-importance' }), Plot.ruleX([0])],
  });
}

function frontChart(doc: OptimizeDocument, points: readonly Point[]): string {
  const ok = points.filter((p) => p.status === 'ok' && p.objectives[0] !== null && p.objectives[1] !== null && p.repeatOf === null);
  const onFront = new Set(doc.front.map((f) => f.trial));
  const front = ok.filter((p) => onFront.has(p.trial)).sort((a, b) => a.objectives[0]! - b.objectives[0]!);
  const xy = (p: Point) => ({ x: p.objectives[0]!, y: p.objectives[1]!, trial: p.trial });
  return plotToString({
    width: WIDTH,
    height: 360,
    marginLeft: 64,
    x: { grid: true, label: `${doc.objectives[0].direction === 'maximize' ? 'max' : 'min'} ${doc.objectives[0].text}` },
    y: { grid: true, label: `${doc.objectives[1].direction === 'maximize' ? 'max' : 'min'} ${doc.objectives[1].text}` },
    marks: [
      Plot.dot(ok.map(xy), { x: 'x', y: 'y', r: 2.5, fill: '#c0c4cc', className: 'opt-dominated' }),
      Plot.line(front.map(xy), { x: 'x', y: 'y', stroke: '#ff725c', strokeWidth: 1.2 }),
      Plot.dot(front.map(xy), { x: 'x', y: 'y', r: 4, fill: '#ff725c', className: 'opt-front', title: (d: { trial: number }) => `trial ${d.trial}` }),
    ],
  });
}

function regionChart(doc: OptimizeDocument, points: readonly Point[]): string {
  const [px, py] = doc.space;
  const region = new Set(doc.robust?.region ?? []);
  const ok = points.filter((p) => p.status === 'ok' && p.objectives[0] !== null && p.repeatOf === null);
  const rows = ok.map((p) => ({ x: p.values[0], y: py ? p.values[1] : 0, v: p.objectives[0]!, trial: p.trial, region: region.has(p.trial) }));
  const rec = rows.filter((r) => r.trial === doc.recommended?.trial);
  return plotToString({
    width: WIDTH,
    height: 360,
    marginLeft: 64,
    x: { grid: true, label: px.path },
    y: { grid: true, label: py ? py.path : null },
    color: { type: 'linear', scheme: doc.objectives[0].direction === 'maximize' ? 'viridis' : 'magma', reverse: doc.objectives[0].direction !== 'maximize', label: doc.objectives[0].text },
    marks: [
      Plot.dot(rows, { x: 'x', y: 'y', r: 3.5, fill: 'v', className: 'opt-points' }),
      Plot.dot(rows.filter((r) => r.region), { x: 'x', y: 'y', r: 6, stroke: '#1d2330', strokeWidth: 1.2, className: 'opt-region' }),
      Plot.dot(rec, { x: 'x', y: 'y', r: 9, stroke: '#ff725c', strokeWidth: 2.2, symbol: 'star', className: 'opt-recommended' }),
    ],
  });
}

/** The section for an optimisation run; empty for any other run. */
export function optimizeSection(data: ReportData): string {
  const doc = readDocument(data.dir);
  if (!doc) return '';
  const points = doc.points ?? [];
  const verdict = doc.overfit.likely
    ? `<p class="opt-verdict opt-overfit"><strong>The best is likely overfit.</strong> ${doc.overfit.reasons.map(esc).join('; ')}.</p>`
    : '<p class="opt-verdict"><strong>No sign of overfitting</strong> in these checks.</p>';
  const parts = [
    `<section class="chart" id="optimize"><h2>Optimisation (${esc(doc.search)})</h2>${verdict}<ul class="opt-findings">${doc.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`,
    `<h3>Convergence</h3><p class="note">Each feasible trial’s ${esc(doc.objectives[0].text)} (grey) and the best so far (blue), in trial order.</p>${convergenceChart(doc)}`,
    doc.importance?.length ? `<h3>Parameter importance</h3><p class="note">One-way analysis of variance over the feasible trials (ranges cut in five bins).</p>${importanceChart(doc.importance)}` : '',
    doc.objectives.length > 1 && points.length ? `<h3>Pareto front</h3><p class="note">Feasible trials (grey) and the non-dominated ones (red).</p>${frontChart(doc, points)}` : '',
    points.length && doc.space.length ? `<h3>Robust region</h3><p class="note">Feasible trials over ${esc(doc.space[0].path)}${doc.space[1] ? ` and ${esc(doc.space[1].path)}` : ''}, coloured by ${esc(doc.objectives[0].text)}; circled: the robust region (top neighbourhood averages); star: the recommendation.</p>${regionChart(doc, points)}` : '',
    '</section>',
  ];
  return parts.join('\n');
}
