import type { NamedBenchmark, StrategyBenchmarks } from '../../backtest/run/benchmarks.ts';
import { formatPercent } from '../../engine/format.ts';
import type { StyledLine } from './charts.ts';
import { esc } from './html.ts';
import type { ReportData } from './report-data.ts';

/**
 * The report's view of a run's annualisation and benchmarks (metrics.json `annualisation` and `benchmarks`,
 * backtest/REFERENCE.md): the metrics note, the benchmark table, and the buy-and-hold line on the portfolio chart.
 */

interface Annualisation {
  basis?: string;
  applied?: boolean;
  reason?: string | null;
  /** Written by runs before `reason`. */
  nullReason?: string | null;
}
type Benchmarks = StrategyBenchmarks;

const pct = (x: number | null) => (x === null ? '–' : formatPercent(x));
const num = (x: number | null) => (x === null ? '–' : x.toFixed(2));

/** The metrics section's note: how each strategy was annualised, and why a figure shows "–". */
export function annualisationNote(data: ReportData): string {
  const lines = data.metrics.strategies.map((s) => {
    const a = (s.metrics as { annualisation?: Annualisation }).annualisation;
    if (!a?.basis) return '';
    const why = a.reason ?? a.nullReason;
    return `${esc(s.name)}: ${esc(a.basis)}${why ? `; – for ${esc(why)}` : ''}.`;
  });
  const known = lines.filter((l) => l !== '');
  return known.length ? ` Annualised by periods per year: ${known.join(' ')}` : ' Sharpe and Sortino are annualised over 365 days.';
}

function benchmarksOf(data: ReportData): { who: string; b: Benchmarks }[] {
  const out = data.metrics.strategies.flatMap((s) => {
    const b = (s as { benchmarks?: Benchmarks | null }).benchmarks;
    return b ? [{ who: s.name, b }] : [];
  });
  const p = (data.metrics.portfolio as { benchmarks?: Benchmarks | null }).benchmarks;
  if (p) out.push({ who: 'Portfolio', b: p });
  return out;
}

/** Each strategy and the portfolio against buy-and-hold and the named benchmark; '' for runs without benchmarks. */
export function benchmarkTable(data: ReportData): string {
  const rows = benchmarksOf(data).flatMap(({ who, b }) => [b.buyAndHold, ...(b.benchmark ? [b.benchmark] : [])].map((x: NamedBenchmark) => ({ who, x })));
  if (rows.length === 0) return '';
  const head = ['Strategy', 'Benchmark', 'Its return', 'Excess', 'Alpha', 'Beta', 'Info ratio', 'Tracking error'].map((h) => `<th>${h}</th>`).join('');
  const body = rows
    .map(({ who, x }) => `<tr><td>${esc(who)}</td><td>${esc(x.name)}</td>${[pct(x.benchmarkReturn), pct(x.excessReturn), pct(x.alpha), num(x.beta), num(x.informationRatio), pct(x.trackingError)].map((v) => `<td class="num">${v}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="tablewrap"><table class="metrics benchmarks"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * Buy-and-hold of the traded symbols on the portfolio chart: each strategy's capital in its symbol from its first
 * price point, valued at the last close at or before each point of the portfolio line (idle cash aside, an
 * illustration of the basket whose exact figures are in the benchmark table).
 */
export function buyAndHoldLine(data: ReportData, portfolio: StyledLine): StyledLine | null {
  const caps = new Map<string, number>();
  for (const s of data.manifest.strategies ?? []) caps.set(s.symbol, (caps.get(s.symbol) ?? 0) + (typeof s.capital === 'number' ? s.capital : 0));
  const lines = [...caps.entries()].flatMap(([symbol, capital]) => {
    const p = data.prices.filter((x) => x.symbol === symbol).sort((a, b) => a.close.t.length - b.close.t.length).at(-1);
    return p && p.close.v.length > 0 && capital > 0 ? [{ capital, close: p.close }] : [];
  });
  if (lines.length === 0 || lines.length !== caps.size) return null;
  const t = portfolio.line.t;
  const v = t.map((time) =>
    lines.reduce((sum, { capital, close }) => {
      let k = 0;
      while (k + 1 < close.t.length && close.t[k + 1] <= time) k++;
      return sum + (capital * close.v[k]) / close.v[0];
    }, 0),
  );
  return { style: { key: 'benchmark', label: 'buy and hold', color: '#999' }, line: { t, v } };
}

/**
 * Buy and hold of a strategy's own symbol over its equity line: its capital bought at the start price metrics.json
 * records (`benchmarks.buyAndHold.startPrice`, the first bar's open), valued at each close of the symbol's price
 * line within the strategy's span. Null without a recorded start price or prices.
 */
export function strategyHoldLine(data: ReportData, id: string, own: StyledLine): StyledLine | null {
  const s = data.strategies.find((x) => x.id === id);
  const entry = data.metrics.strategies.find((x) => x.id === id) as { benchmarks?: Benchmarks | null } | undefined;
  const start = entry?.benchmarks?.buyAndHold.startPrice;
  if (!s || !s.capital || typeof start !== 'number' || !(start > 0) || own.line.t.length === 0) return null;
  const p = data.prices.filter((x) => x.symbol === s.symbol).sort((a, b) => a.close.t.length - b.close.t.length).at(-1);
  if (!p) return null;
  const from = own.line.t[0];
  const to = own.line.t[own.line.t.length - 1];
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < p.close.t.length; i++) {
    if (p.close.t[i] < from || p.close.t[i] > to) continue;
    t.push(p.close.t[i]);
    v.push((s.capital * p.close.v[i]) / start);
  }
  if (t.length === 0) return null;
  return { style: { key: `${own.style.key}-hold`, label: `buy and hold ${s.symbol}`, color: '#999' }, line: { t, v } };
}

/** One chart per strategy: its equity and, in grey, buy and hold of its symbol (the line's values in `data-hold`). */
export function strategyEquityFigures(data: ReportData, lines: readonly { id: string; line: StyledLine }[], chart: (lines: StyledLine[]) => string): string {
  return lines
    .map(({ id, line }) => {
      const hold = strategyHoldLine(data, id, line);
      const holdData = hold ? ` data-hold="${esc(JSON.stringify(hold.line))}"` : '';
      const caption = `${esc(line.style.label)}${hold ? `: equity and, grey, ${esc(hold.style.label)} from the first bar’s open` : ''}`;
      return `<figure class="strategy-equity st-${line.style.key}" data-strategy="${esc(id)}"${holdData}><figcaption>${caption}</figcaption>${chart(hold ? [line, hold] : [line])}</figure>`;
    })
    .join('');
}
