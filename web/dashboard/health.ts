/**
 * Health on the dashboard: the overall status, the feed, the alert panel (alerts.ts) and a health table with one row per
 * strategy (last candle, processing latency p50/p99, errors, silence against its usual signal interval,
 * drawdown against its backtest, exposure against its limit). Polls /api/v1/health every two seconds.
 */
import type * as z from 'zod';
import type { HealthReportSchema } from '../api/schemas.ts';
import { api, ApiError } from './api.ts';
import { $, esc } from './dom.ts';
import { renderAlerts } from './alerts.ts';
import { fmtDuration, fmtMs, fmtPct, fmtSeconds } from './format.ts';

type HealthReport = z.infer<typeof HealthReportSchema>;
const pct = (v: unknown) => fmtPct(v, 1);
const cell = (bad: boolean, content: string, title?: string) => `<td${bad ? ' class="bad"' : ''}${title ? ` title="${esc(title)}"` : ''}>${content}</td>`;

function feedLine(f: HealthReport['feed']): string {
  // A replay or historical feed reports no status: say what is seen instead.
  const status = f.status ?? (f.sinceLastCandleMs != null ? 'receiving (no status reported)' : 'waiting for candles');
  return (
    `feed ${status}` +
    (f.sinceLastCandleMs != null ? ` · last candle ${fmtDuration(f.sinceLastCandleMs)} ago` : '') +
    (f.delayP99 != null ? ` · delay p99 ${f.delayP99 >= 60_000 ? fmtDuration(f.delayP99) : fmtMs(f.delayP99)}` : '')
  );
}

function render(h: HealthReport): void {
  const st = $('#health-status');
  st.textContent = h.status;
  st.className = h.status;
  $('#health-feed').textContent = feedLine(h.feed);
  renderAlerts(h);
  const th = h.thresholds;
  $('#health-table tbody').innerHTML = h.strategies
    .map((s) => {
      const slow = s.latencyP99 != null && s.latencyP99 > th.latencyP99Ms;
      const quiet = s.sinceLastSignalMs != null && s.usualSignalIntervalMs != null && s.sinceLastSignalMs > th.silenceFactor * s.usualSignalIntervalMs;
      const deep = s.baselineMaxDrawdown != null && s.drawdown > s.baselineMaxDrawdown * (1 + th.drawdownMargin);
      // the same figure the exposure rule and the sizing cap judge: the position at its entry price
      const over = s.exposureLimit != null && s.entryExposure > s.exposureLimit * (1 + th.exposureTolerance);
      const exposureTitle = `at entry ${pct(s.entryExposure)}, now ${pct(s.exposure)} at the last price; maxPositionSize caps the entry`;
      return (
        `<tr data-id="${esc(s.id)}"><td>${esc(s.name)}</td>${cell(s.status === 'errored', esc(s.status))}<td>${esc(fmtSeconds(s.lastCandleTime))}</td>` +
        cell(slow, `${fmtMs(s.latencyP50)} / ${fmtMs(s.latencyP99)}`) +
        cell(s.errors > 0, String(s.errors)) +
        cell(quiet, `${fmtDuration(s.sinceLastSignalMs)} / ${fmtDuration(s.usualSignalIntervalMs)}`) +
        cell(deep, `${pct(s.drawdown)} / ${pct(s.baselineMaxDrawdown)}`, s.baselineSource ? `backtest: ${s.baselineSource}` : 'no backtest of this version found') +
        cell(over, `${pct(s.entryExposure)} / ${pct(s.exposureLimit)}${s.exposure !== s.entryExposure ? ` <span class="muted">(now ${pct(s.exposure)})</span>` : ''}`, exposureTitle) +
        `<td>${s.alerts.length}</td></tr>`
      );
    })
    .join('');
}

const isReport = (b: unknown): b is HealthReport => typeof b === 'object' && b !== null && 'strategies' in b;

async function poll(): Promise<void> {
  try {
    render(await api<HealthReport>('GET', '/health'));
  } catch (e) {
    // A critical report comes with 503 and is still the report.
    if (e instanceof ApiError && e.status === 503 && isReport(e.body)) render(e.body);
    else $('#health-status').textContent = 'unavailable';
  }
  setTimeout(() => void poll(), 2000);
}

export function initHealth(): void {
  void poll();
}
