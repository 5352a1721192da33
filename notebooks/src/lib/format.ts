/** Formatting and small DOM helpers shared by the notebooks (browser code: no Node APIs). */

export const PORTFOLIO = '__portfolio__';

/** Metrics where a smaller value is better (for ranking, colour direction and "best" marks). */
export const LOWER_IS_BETTER = new Set(['max_drawdown', 'max_drawdown_duration', 'fees']);

/** Metrics shown as percentages. */
export const PERCENT_METRICS = new Set(['total_return', 'max_drawdown', 'cagr', 'win_rate', 'exposure', 'expectancy', 'return']);

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function pct(v: unknown, digits = 2): string {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : '–';
}

export function num(v: unknown, digits = 2): string {
  if (!isNum(v)) return '–';
  return Math.abs(v) >= 1e4 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toFixed(digits);
}

/** A metric value in its natural unit. */
export function metric(name: string, v: unknown): string {
  if (name === 'trades' || name === 'bars' || name === 'max_drawdown_duration') return isNum(v) ? String(Math.round(v)) : '–';
  return PERCENT_METRICS.has(name) ? pct(v) : num(v, 3);
}

/** An axis tick in the metric's unit, short. */
export function tick(name: string): (v: number) => string {
  return PERCENT_METRICS.has(name) ? (v) => pct(v, 0) : (v) => String(+v.toFixed(Math.abs(v) >= 100 ? 0 : 2));
}

/** A price with 6 significant digits (crypto pairs quote 0.0026512 as well as 63,250.5). */
export function price(v: unknown): string {
  return isNum(v) ? String(+v.toPrecision(6)) : '–';
}

/** `2017-11-05 14:30` (UTC). */
export function utc(ms: number | null | undefined): string {
  return isNum(ms) ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '–';
}

export function label(id: string): string {
  return id === PORTFOLIO ? 'Portfolio' : id;
}

/** A paragraph saying why there is nothing to show. */
export function notice(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'strata-notice';
  p.style.cssText = 'padding: .75rem 1rem; border-left: 3px solid #d9a400; background: #fff8e0; color: #333; max-width: 960px;';
  p.textContent = text;
  return p;
}

/** Elements side by side, wrapping. */
export function row(...items: (Node | null)[]): HTMLElement {
  const div = document.createElement('div');
  div.style.cssText = 'display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start;';
  for (const i of items) if (i) div.append(i);
  return div;
}
