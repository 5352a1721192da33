import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as Plot from '@observablehq/plot';
import { figureKey, fmt, jsonFiles, readBenchFiles, type Baseline, type GateReport, type HistoryEntry, type SuiteResult } from './bench-format.ts';
import { esc, pageShell } from './html.ts';
import { plotToString } from './svg.ts';
import { formatPercent } from '../../engine/format.ts';

/**
 * The benchmarks beside the reports: the latest figures of every suite (bench/results) against the
 * committed baseline and the floors, judged by the same gate as `npm run bench:check`, with a trend line per
 * figure over the committed history (bench/history).
 */

export interface BenchData {
  results: SuiteResult[];
  baseline: Baseline | null;
  history: HistoryEntry[];
  /** The gate's verdict as the bench runner wrote it (bench/results/gate.json); null before any run wrote one. */
  gate: GateReport | null;
}

/** Reads bench/results (with the gate's verdict), bench/baseline.json and bench/history under `dir`. */
export function loadBench(dir: string): BenchData {
  const { gate, ...files } = readBenchFiles(dir);
  return { ...files, gate: gate?.report ?? null };
}

/** Modification stamp of the files the page reads (for caching). */
export function benchStamp(dir: string): string {
  return ['results', 'history', 'baseline.json']
    .map((p) => {
      const full = join(dir, p);
      if (!existsSync(full)) return '-';
      const st = statSync(full);
      return st.isDirectory() ? `${st.mtimeMs}:${jsonFiles(full).map((f) => statSync(f).mtimeMs).join(',')}` : String(st.mtimeMs);
    })
    .join('|');
}

const pct = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? formatPercent(x, { sign: true, digits: 1 }) : '–');

function trend(points: { t: number; v: number }[], base: number | undefined, floor: number | undefined): string {
  if (points.length === 0) return '';
  const marks: Plot.Markish[] = [
    Plot.line(points, { x: 't', y: 'v', stroke: '#4269d0' }),
    Plot.dot(points, { x: 't', y: 'v', r: 2.5, fill: '#4269d0', title: (p: { t: number; v: number }) => `${new Date(p.t).toISOString().slice(0, 16).replace('T', ' ')}: ${fmt(p.v)}` }),
  ];
  if (base !== undefined) marks.push(Plot.ruleY([base], { stroke: '#888', strokeDasharray: '3 2' }));
  if (floor !== undefined) marks.push(Plot.ruleY([floor], { stroke: '#c62828' }));
  return plotToString({ width: 220, height: 64, margin: 6, marginLeft: 6, x: { type: 'utc', axis: null }, y: { axis: null, zero: false, nice: false }, marks });
}

/** The benchmarks page. */
export function renderBenchPage(data: BenchData, opts: { served: boolean }): string {
  if (data.results.length === 0) {
    return pageShell({ title: 'Strata benchmarks', served: opts.served, body: '<h1>Benchmarks</h1><p>No results yet: run <code>npm run bench</code> (or <code>npm run bench:check</code>) and reload.</p>' });
  }
  const rows = new Map((data.gate?.rows ?? []).map((r) => [r.key, r]));
  const floors = new Map((data.gate?.floors ?? []).map((f) => [f.key, f]));
  const history = new Map<string, { t: number; v: number }[]>();
  for (const h of data.history) {
    for (const f of h.figures) {
      const list = history.get(f.key) ?? [];
      list.push({ t: Date.parse(h.createdAt), v: f.value });
      history.set(f.key, list);
    }
  }
  const sections = data.results.map((r) => {
    const started = Date.parse(r.startedAt);
    const trs = r.figures
      .map((f) => {
        const key = figureKey(r.suite, f.name);
        const g = rows.get(key);
        const fl = floors.get(key);
        const base = data.baseline?.figures[key];
        const points = [...(history.get(key) ?? []), { t: started, v: f.value }];
        const status = g?.status ?? (f.gated ? 'new' : 'not gated');
        const cls = g?.status === 'regressed' || (fl && !fl.met) ? 'bad' : g?.status === 'improved' ? 'good' : '';
        return `<tr class="${cls}" data-key="${esc(key)}"><td>${esc(f.name)}${f.stat ? `<div class="note">${esc(f.stat)}</div>` : ''}</td>
<td class="num" data-v="${f.value}">${esc(fmt(f.value))} ${esc(f.unit)}</td>
<td class="num" data-v="${base?.value ?? ''}">${base ? `${esc(fmt(base.value))} ${esc(base.unit)}` : '–'}</td>
<td class="num" data-v="${g?.change ?? ''}">${pct(g?.change)}</td>
<td class="num">${g ? pct(g.tolerance) : '–'}</td>
<td>${esc(status)}</td>
<td class="num">${fl ? `${fl.better === 'higher' ? '≥' : '≤'} ${esc(fmt(fl.floor.value))} <span class="note">(${esc(fl.floor.source)})</span>` : '–'}</td>
<td class="num" data-v="${fl?.margin ?? ''}">${fl ? `${pct(fl.margin)}${fl.met ? '' : ' MISSED'}` : '–'}</td>
<td>${trend(points, base?.value, fl?.floor.value)}</td></tr>`;
      })
      .join('');
    return `<section id="suite-${esc(r.suite)}"><h2>${esc(r.suite)} <span class="muted">${esc(r.description)}</span></h2>
<p class="meta">${esc(r.mode)} run ${esc(r.startedAt.replace('T', ' ').slice(0, 19))} UTC · ${esc(String(r.machine.cpuCount))} × ${esc(r.machine.cpuModel)} · Node ${esc(r.machine.node)} · load ${esc(String(r.machine.loadAverage1m))}</p>
<div class="tablewrap"><table class="sortable bench"><thead><tr><th data-sort="text">Figure</th><th data-sort="num">Now</th><th data-sort="num">Baseline</th><th data-sort="num">vs baseline</th><th>Tolerance</th><th data-sort="text">Status</th><th>Floor</th><th data-sort="num">Margin</th><th>Trend</th></tr></thead><tbody>${trs}</tbody></table></div>
${(r as { notes?: string[] }).notes?.length ? `<ul class="note">${(r as { notes?: string[] }).notes!.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}</section>`;
  });
  const verdict = !data.gate
    ? '<p>Gate: not judged yet (the bench runner writes bench/results/gate.json on every run).</p>'
    : data.gate.ok
    ? `<p class="ok">Gate: every gated figure within its tolerance of the baseline${data.gate.floors.some((f) => !f.met) ? '; some floors missed (reported, not fatal)' : ''}.</p>`
    : `<div class="bad"><p>Gate: ${data.gate.failures.length} failure(s)</p><ul>${data.gate.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ul></div>`;
  const body = `<h1>Benchmarks</h1>
<p class="meta">Latest results of each suite against the baseline (${esc(data.baseline?.createdAt ?? 'none')}, ${esc(data.baseline?.mode ?? '–')} mode); changes are measured relative to the calibration loop, as the gate does. Trend: committed history (bench/history) then the latest run; dashed line baseline, red line floor.</p>
${verdict}
<style>tr.bad td { background: #fff1f0; } tr.good td { background: #f0fff4; } p.ok { color: #0b6b29; } div.bad { color: #9b1c1c; } table.bench svg { display: block; }</style>
${sections.join('\n')}`;
  return pageShell({ title: 'Strata benchmarks', body, served: opts.served });
}
