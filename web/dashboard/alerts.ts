/** The alert panel of the health section: active alerts (critical ones marked) and the last eight changes. */
import type * as z from 'zod';
import type { HealthReportSchema } from '../api/schemas.ts';
import { $, esc } from './dom.ts';
import { fmtSeconds } from './format.ts';

export function renderAlerts(h: Pick<z.infer<typeof HealthReportSchema>, 'alerts' | 'recent'>): void {
  const active = h.alerts.length
    ? h.alerts.map((a) => `<div class="alert ${esc(a.severity)}" data-rule="${esc(a.rule)}"><strong>${esc(a.rule.replace(/_/g, ' '))}</strong> ${esc(a.message)} <span class="muted">since ${esc(fmtSeconds(a.raisedAt))}</span></div>`).join('')
    : '<div class="none">No active alerts.</div>';
  const recent = h.recent.slice(-8).reverse().map((a) => `${esc(fmtSeconds(a.time))} ${esc(a.state)} ${esc(a.rule)}${a.strategyId ? ` (${esc(a.strategyId)})` : ''}`);
  $('#alerts').innerHTML = active + (recent.length ? `<div class="recent">Recent: ${recent.join(' · ')}</div>` : '');
}
