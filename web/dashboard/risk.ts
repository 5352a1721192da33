/** The risk monitor: gross exposure over all strategies, then each strategy's exposure, risk score and limits hit. */
import { $, esc } from './dom.ts';
import { fmtMoney, fmtNum, fmtPct } from './format.ts';
import { state } from './state.ts';

export function renderRisk(): void {
  const items: string[] = [];
  let total = 0;
  let equity = 0;
  for (const [id, s] of state.strategies) {
    const m = s.metrics;
    if (!m) continue;
    const exp = m.risk.currentExposure || 0;
    total += exp * (m.performance.equity || 0);
    equity += m.performance.equity || 0;
    const score = m.risk.riskScore || 0;
    const chips = m.risk.violatedLimits.length ? m.risk.violatedLimits.map((l) => `<span>${esc(l)}</span>`).join('') : '<span class="muted">no limits hit</span>';
    items.push(
      `<div class="item" data-id="${esc(id)}"><strong>${esc(s.summary.name || id)}</strong> <span class="muted">${esc(s.summary.status)}</span>` +
        `<div>exposure ${fmtPct(exp)} · risk score ${fmtNum(score, 0)} / 100</div>` +
        `<div class="bar" title="risk score: 60% exposure vs its cap, 40% drawdown vs its limit"><span class="${score >= 70 ? 'hot' : ''}" style="width:${Math.min(100, score).toFixed(1)}%"></span></div>` +
        `<div class="chips">${chips}</div></div>`,
    );
  }
  const head = `<div class="item"><strong>All strategies</strong><div>gross exposure ${fmtPct(equity > 0 ? total / equity : 0)} of ${fmtMoney(equity)} equity</div></div>`;
  $('#risk').innerHTML = head + items.join('');
}
