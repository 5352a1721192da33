import { MINIMUM_SPAN_DAYS } from '../../engine/metrics/formulas.ts';
import { barsChart, periodAttributionChart, drawdownChart, equityChart, histogramChart, matrixHeatmap, monthlyHeatmap, priceChart, sweepChart, type SeriesStyle, type StyledLine } from './charts.ts';
import { esc, pageShell } from './html.ts';
import { annualisationNote, benchmarkTable, buyAndHoldLine, strategyEquityFigures } from './benchmark-section.ts';
import { metricsTable, type MetricRow } from './metrics-table.ts';
import type { ReportData } from './report-data.ts';
import { PORTFOLIO_ID, type SweepTable } from '../run-folder/read.ts';
import { colorOf } from './svg.ts';
import { abSection } from './ab-section.ts';
import { suggestSection } from './suggest-section.ts';
import { optimizeSection } from './optimize-section.ts';
import { candleSection } from './candle-section.ts';
import { marginContent } from './margin-section.ts';
import { benchmarkLine } from './benchmark.ts';

export interface ReportOptions {
  served: boolean;
  /** The candlestick chart's script (candle-script.ts); without it the price section is the close line with signal marks. */
  candleScript?: string;
  /** Sweep heatmap axes and metric (default: the first two parameters, a Sharpe-like metric). */
  sweep?: { x?: string; y?: string; metric?: string };
}

const PORTFOLIO_STYLE = (prefix: string): SeriesStyle => ({ key: `${prefix}p`, label: 'Portfolio', color: '#1d2330' });

/** Styles of a run's strategies, keyed by id, with class keys `<prefix><index>`. */
export function stylesFor(data: ReportData, prefix = '', colorOffset = 0, labelPrefix = ''): Map<string, SeriesStyle> {
  const m = new Map<string, SeriesStyle>();
  data.strategies.forEach((s, i) => m.set(s.id, { key: `${prefix}${i}`, label: `${labelPrefix}${s.name}`, color: colorOf(colorOffset + i) }));
  m.set(PORTFOLIO_ID, { ...PORTFOLIO_STYLE(prefix), label: `${labelPrefix}Portfolio` });
  return m;
}

export function togglesHtml(styles: readonly SeriesStyle[]): string {
  const boxes = styles
    .map((s) => `<label><input type="checkbox" checked data-toggle="st-${esc(s.key)}"><span class="swatch" style="background:${esc(s.color)}"></span>${esc(s.label)}</label>`)
    .join('');
  return `<div class="toggles" role="group" aria-label="strategies">${boxes}<span class="actions"><button type="button" data-toggle-all="on">all</button> <button type="button" data-toggle-all="off">none</button></span></div>`;
}

const iso = (v: unknown) => (typeof v === 'string' ? v.replace('T', ' ').replace(/\.000Z$|Z$/, ' UTC') : '–');

function section(id: string, title: string, content: string, note = ''): string {
  return `<section class="chart" id="${id}"><h2>${esc(title)}</h2>${note ? `<p class="note">${note}</p>` : ''}${content}</section>`;
}

/** The metrics table rows of one run (strategies, then the portfolio in the footer). */
export function metricRows(data: ReportData, styles: Map<string, SeriesStyle>, runLabel?: string): { rows: MetricRow[]; footer: MetricRow[] } {
  const rows = data.metrics.strategies.map((s) => ({
    head: [...(runLabel ? [runLabel] : []), s.name, `${s.symbol} ${s.timeframe}`],
    values: s.metrics.performance as Record<string, unknown>,
    className: `st-${styles.get(s.id)?.key ?? ''}`,
    id: s.id,
    annualisationReason: (s.metrics as { annualisation?: { reason?: string | null } }).annualisation?.reason ?? null,
  }));
  const footer = Object.keys(data.metrics.portfolio).length ? [{ head: [...(runLabel ? [runLabel] : []), 'Portfolio', `${data.metrics.strategies.length} strategies`], values: data.metrics.portfolio as Record<string, unknown>, id: PORTFOLIO_ID, annualisationReason: (data.metrics.portfolio as { annualisation?: { reason?: string | null } }).annualisation?.reason ?? null }] : [];
  return { rows, footer };
}

/** Each strategy's equity line with its id, in the run's order. */
function strategyLines(data: ReportData, styles: Map<string, SeriesStyle>): { id: string; line: StyledLine }[] {
  return data.equity.flatMap((e) => (e.id === PORTFOLIO_ID || !styles.has(e.id) ? [] : [{ id: e.id, line: { style: styles.get(e.id)!, line: e.equity } }]));
}

/** Equity lines of a run, split into strategies and the portfolio. */
export function styledEquity(data: ReportData, styles: Map<string, SeriesStyle>): { strategies: StyledLine[]; drawdowns: StyledLine[]; portfolio: StyledLine | null; portfolioDd: StyledLine | null } {
  const strategies: StyledLine[] = [];
  const drawdowns: StyledLine[] = [];
  let portfolio: StyledLine | null = null;
  let portfolioDd: StyledLine | null = null;
  for (const e of data.equity) {
    const style = styles.get(e.id);
    if (!style) continue;
    if (e.id === PORTFOLIO_ID) {
      portfolio = { style, line: e.equity };
      portfolioDd = { style, line: e.drawdown };
    } else {
      strategies.push({ style, line: e.equity });
      drawdowns.push({ style, line: e.drawdown });
    }
  }
  return { strategies, drawdowns, portfolio, portfolioDd };
}

function priceSections(data: ReportData, styles: Map<string, SeriesStyle>): string {
  if (data.prices.length === 0) return section('prices', 'Prices and signals', '<p class="muted">No price data: this run folder has no prices-display.parquet and its original data is not available.</p>');
  // One chart per symbol, from its finest series.
  const bySymbol = new Map<string, (typeof data.prices)[number]>();
  for (const p of data.prices) {
    const have = bySymbol.get(p.symbol);
    if (!have || have.close.t.length < p.close.t.length) bySymbol.set(p.symbol, p);
  }
  const parts: string[] = [];
  for (const [symbol, p] of bySymbol) {
    const signals = data.strategies
      .filter((s) => s.symbol === symbol)
      .map((s) => ({ style: styles.get(s.id)!, points: data.signals.points.filter((x) => x.strategyId === s.id) }));
    const n = signals.reduce((a, s) => a + s.points.length, 0);
    parts.push(`<h3>${esc(symbol)} <span class="muted">${esc(p.timeframe)}, ${n} signal marks</span></h3>${priceChart(p.close, signals, symbol)}`);
  }
  const thinned = data.signals.points.length < data.signals.total ? ` Dense runs show the first signal of each time bucket (${data.signals.points.length} of ${data.signals.total}).` : '';
  return section('prices', 'Prices and signals', parts.join(''), `▲ buy, ▼ sell or exit, coloured by strategy; hover a mark for details.${thinned}${data.pricesFrom === 'data' ? ' Prices read from the original data files.' : ''}`);
}

function monthlySection(data: ReportData, styles: Map<string, SeriesStyle>): string {
  if (data.monthly.length === 0) return '';
  const rowOf = (id: string) => styles.get(id)?.label ?? id;
  // With one strategy the portfolio is that strategy: its row would repeat it.
  const ids = data.strategies.length > 1 ? [...data.strategies.map((s) => s.id), PORTFOLIO_ID] : data.strategies.map((s) => s.id);
  const rowOrder = ids.filter((id) => data.monthly.some((m) => m.id === id)).map(rowOf);
  const cells = data.monthly.filter((m) => ids.includes(m.id)).map((m) => ({ row: rowOf(m.id), year: m.year, month: m.month, value: m.value }));
  return section('monthly', 'Monthly returns', monthlyHeatmap(cells, rowOrder), 'Calendar months (UTC) in the run’s range, from month-end equity; the first month against the starting capital. Grey is 0.');
}

/** Reads `portfolio.correlation` as {labels, matrix} or {a: {b: v}}. */
function correlationOf(raw: unknown, nameOf: (id: string) => string): { labels: string[]; matrix: (number | null)[][] } | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const ids = (r.ids ?? r.labels ?? r.strategies) as unknown;
  const matrix = (r.matrix ?? r.values) as unknown;
  if (Array.isArray(ids) && Array.isArray(matrix)) return { labels: ids.map((x) => nameOf(String(x))), matrix: matrix as (number | null)[][] };
  const keys = Object.keys(r);
  if (keys.length && keys.every((k) => r[k] && typeof r[k] === 'object' && !Array.isArray(r[k]))) {
    return { labels: keys.map(nameOf), matrix: keys.map((a) => keys.map((b) => ((r[a] as Record<string, unknown>)[b] as number) ?? null)) };
  }
  return null;
}

/** Reads `portfolio.attribution` as [{id, value|contribution|return}] or {id: number}. */
function attributionOf(raw: unknown): { id: string; value: number }[] | null {
  if (Array.isArray(raw)) {
    const out = raw
      .map((x) => x as Record<string, unknown>)
      .map((x) => ({ id: String(x.id ?? x.strategyId ?? x.strategy ?? x.name), value: Number(x.value ?? x.contribution ?? x.return ?? x.pnl) }))
      .filter((x) => Number.isFinite(x.value));
    return out.length ? out : null;
  }
  if (raw && typeof raw === 'object') {
    const out = Object.entries(raw as Record<string, unknown>).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)).map(([id, v]) => ({ id, value: v as number }));
    return out.length ? out : null;
  }
  return null;
}

/** analytics.attribution.{day,week,month}: the finest with at most 60 periods, as (period, strategy, contribution) rows. */
function attributionPeriods(raw: Record<string, unknown> | undefined): { period: string; rows: { period: string; id: string; value: number }[] } | null {
  if (!raw) return null;
  for (const period of ['day', 'week', 'month']) {
    const list = raw[period];
    if (!Array.isArray(list) || list.length < 2 || list.length > 60) continue;
    const rows: { period: string; id: string; value: number }[] = [];
    for (const p of list as { period?: unknown; contributions?: Record<string, unknown> }[]) {
      for (const [id, v] of Object.entries(p.contributions ?? {})) if (typeof v === 'number' && Number.isFinite(v)) rows.push({ period: String(p.period), id, value: v });
    }
    return rows.length ? { period, rows } : null;
  }
  return null;
}

function portfolioSections(data: ReportData, styles: Map<string, SeriesStyle>): string {
  const nameOf = (id: string) => styles.get(id)?.label ?? id;
  const out: string[] = [];
  const analytics = (data.metrics.portfolio.analytics ?? {}) as { correlation?: { period?: string }; attribution?: Record<string, unknown> };
  const corr = correlationOf(data.metrics.portfolio.correlation ?? analytics.correlation, nameOf);
  if (corr) {
    const period = analytics.correlation?.period;
    out.push(section('correlation', 'Strategy return correlation', matrixHeatmap(corr.labels, corr.matrix), period ? `Correlation of ${esc(({ day: 'daily', hour: 'hourly', week: 'weekly', month: 'monthly' } as Record<string, string>)[period] ?? period)} returns.` : ''));
  }
  const attr = attributionOf(data.metrics.portfolio.attribution);
  if (attr) {
    const asPercent = attr.every((a) => Math.abs(a.value) < 10);
    const periods = data.attributionPeriods ?? attributionPeriods(analytics.attribution);
    const over = periods ? periodAttributionChart(periods.rows, (id) => styles.get(id) ?? { key: 'x', label: id, color: '#888' }) : '';
    out.push(
      section(
        'attribution',
        'Return attribution',
        barsChart(attr.map((a) => ({ label: nameOf(a.id), value: a.value, color: styles.get(a.id)?.color ?? '#888' })), asPercent) + (over ? `<h3>By ${esc(periods!.period)}</h3>${over}` : ''),
        'Each strategy’s contribution to the portfolio return.',
      ),
    );
  }
  return out.join('');
}

/** Picks sweep axes: requested ones if present, else the first two parameters with more than one value, and a Sharpe-like metric. */
export function sweepAxes(t: SweepTable, want: ReportOptions['sweep'] = {}): { x: string; y: string | null; metric: string } | null {
  const varying = t.params.filter((p) => new Set(t.rows.map((r) => r[p])).size > 1);
  const params = varying.length ? varying : t.params;
  const x = want.x && t.params.includes(want.x) ? want.x : params[0];
  if (!x) return null;
  const y = want.y && t.params.includes(want.y) && want.y !== x ? want.y : (params.find((p) => p !== x) ?? null);
  const metric = want.metric && t.metrics.includes(want.metric) ? want.metric : (t.metrics.find((m) => /sharpe/i.test(m)) ?? t.metrics.find((m) => /return/i.test(m)) ?? t.metrics[0]);
  if (!metric) return null;
  return { x, y, metric };
}

function sweepSection(data: ReportData, opts: ReportOptions): string {
  const t = data.sweep;
  if (!t || t.rows.length === 0) return '';
  const axes = sweepAxes(t, opts.sweep);
  if (!axes) return section('sweep', 'Parameter sweep', '<p class="muted">sweep.parquet has no parameter or metric columns to chart.</p>');
  const chart = sweepChart(t.rows, axes.x, axes.y, axes.metric);
  const choose = opts.served
    ? `<form class="note" method="get">x <select name="x">${t.params.map((p) => `<option${p === axes.x ? ' selected' : ''}>${esc(p)}</option>`).join('')}</select>
       y <select name="y">${t.params.map((p) => `<option${p === axes.y ? ' selected' : ''}>${esc(p)}</option>`).join('')}</select>
       metric <select name="metric">${t.metrics.map((m) => `<option${m === axes.metric ? ' selected' : ''}>${esc(m)}</option>`).join('')}</select> <button>show</button></form>`
    : '';
  return section('sweep', 'Parameter sweep', choose + chart, `${t.rows.length} combinations; ${esc(axes.metric)} by ${esc(axes.x)}${axes.y ? ` and ${esc(axes.y)} (mean over the other parameters)` : ''}. Parameters: ${t.params.map(esc).join(', ') || '–'}; metrics: ${t.metrics.map(esc).join(', ') || '–'}.`);
}

/** What a sweep manifest says about the swept strategy and the best combination. */
function sweepInfo(m: ReportData['manifest']): string {
  const st = (m as { strategy?: { id?: string; name?: string; symbol?: string; timeframe?: string } }).strategy;
  const best = (m as { best?: { combination?: number; params?: Record<string, unknown>; score?: number } | null }).best;
  const parts: string[] = [];
  if (st) parts.push(`strategy ${esc(st.name ?? st.id ?? '?')} (${esc(st.symbol ?? '?')} ${esc(st.timeframe ?? '')})`);
  if (best?.params) parts.push(`best combination #${esc(best.combination ?? '?')}: ${Object.entries(best.params).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(', ')}${typeof best.score === 'number' ? ` → ${esc((m as { metric?: string }).metric ?? 'score')} ${best.score.toFixed(3)}` : ''}`);
  return parts.length ? `<p class="meta">${parts.join(' · ')}</p>` : '';
}

/** The portfolio's equity, with the run's benchmark (markets metrics, when metrics.json has one) rebased to the same start. */
function portfolioSection(data: ReportData, portfolio: StyledLine): string {
  const bench = benchmarkLine(data.metrics.portfolio.benchmark, portfolio.line.v[0] ?? 1);
  // A named benchmark series when the run has one, else buy and hold of the traded symbols.
  const hold = bench ? null : buyAndHoldLine(data, portfolio);
  const lines = bench ? [portfolio, { style: { key: 'bench', label: bench.label, color: '#9498a0' }, line: bench.line }] : hold ? [portfolio, hold] : [portfolio];
  const grey = bench ? ` Grey: ${esc(bench.label)}, rebased to the portfolio’s starting equity.` : hold ? ' Grey: buy and hold of the traded symbols.' : '';
  const note = `Sum of all strategies’ equity (each trades its own capital).${grey}`;
  return section('portfolio', 'Portfolio equity', equityChart(lines, { height: 220 }), note);
}

/** The report of one run as a complete HTML document. */
export function renderRunReport(data: ReportData, opts: ReportOptions): string {
  const styles = stylesFor(data);
  const m = data.manifest;
  const d = m.data ?? {};
  const { strategies, drawdowns, portfolio, portfolioDd } = styledEquity(data, styles);
  const { rows, footer } = metricRows(data, styles);
  const header = `<h1>Run ${esc(m.runId)}</h1>
<p class="meta">${esc(m.kind ?? 'backtest')} · created ${esc(iso(m.createdAt))} · engine ${esc(m.engineVersion ?? '?')}${data.strategies.length ? ` · ${data.strategies.length} strategies` : ''}</p>
<p class="meta">data ${esc(iso(d.firstCandleClose))} → ${esc(iso(d.lastCandleClose))} · ${esc(typeof d.candles === 'number' ? d.candles.toLocaleString('en-US') : '?')} candles${d.hash ? ` · hash <code>${esc(d.hash)}</code>` : ''}</p>
${m.command ? `<p class="meta"><code>${esc(m.command)}</code></p>` : ''}`;
  const toggleStyles = [...data.strategies.map((s) => styles.get(s.id)!), ...(portfolio ? [styles.get(PORTFOLIO_ID)!] : [])];
  const sweepFirst = m.kind === 'sweep';
  const manifestMetric = typeof (m as { metric?: unknown }).metric === 'string' ? String((m as { metric?: unknown }).metric) : undefined;
  const sweepHtml = sweepSection(data, { ...opts, sweep: { ...opts.sweep, metric: opts.sweep?.metric ?? manifestMetric } });
  const margin = marginContent(data);
  const body = [
    header,
    sweepFirst ? sweepInfo(m) : '',
    toggleStyles.length ? togglesHtml(toggleStyles) : '',
    sweepFirst ? sweepHtml : '',
    suggestSection(data),
    optimizeSection(data),
    abSection(data),
    rows.length ? section('metrics', 'Metrics', `<div class="tablewrap">${metricsTable(['Strategy', 'Series'], rows, footer)}</div>`, `Click a header to sort. Drawdown is measured bar by bar on marked-to-market equity.${annualisationNote(data)}`) : '',
    benchmarkTable(data) ? section('benchmarks', 'Benchmarks', benchmarkTable(data), `Over the same bars; alpha, information ratio and tracking error annualised, – for spans under ${MINIMUM_SPAN_DAYS} days (backtest/REFERENCE.md).`) : '',
    margin ? section('margin', 'Margin and funding', margin, 'Funding and borrow cost are already in each strategy’s P&L and equity. Funding: quantity × mark × rate at each funding time, paid by longs when the rate is positive.') : '',
    strategies.length ? section('equity', 'Equity', equityChart(strategies) + strategyEquityFigures(data, strategyLines(data, styles), (lines) => equityChart(lines, { height: 200 }))) : '',
    portfolio ? portfolioSection(data, portfolio) : '',
    drawdowns.length ? section('drawdown', 'Drawdown (underwater)', drawdownChart(drawdowns, portfolioDd ?? undefined)) : '',
    (opts.candleScript ? candleSection(data.candleCharts, opts.candleScript) : null) ?? priceSections(data, styles),
    monthlySection(data, styles),
    data.histogram ? section('pnl', 'Trade return distribution', histogramChart(data.histogram, (id) => styles.get(id) ?? { key: 'x', label: id, color: '#888' }), `${data.histogram.total} closed trades, stacked by strategy.`) : '',
    portfolioSections(data, styles),
    sweepFirst ? '' : sweepHtml,
    `<p class="note">Lines are downsampled for display (first, last, lowest and highest point of each time bucket kept). Generated by Strata.</p>`,
  ].join('\n');
  return pageShell({ title: `Strata report ${m.runId}`, body, served: opts.served });
}
