import type { PortfolioMetrics } from './portfolio-totals.ts';
import { FLAGGED_IN_SUMMARY } from '../records/analytics-files.ts';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;

/**
 * The lines the CLI prints after the summary table: attribution over the run, correlated pairs, the
 * diversification ratio and, with a portfolio config, what the OMS did (netting, blocked orders, net exposure).
 */
export function portfolioSummaryText(p: PortfolioMetrics, correlationPeriod: string, threshold: number): string {
  const lines: string[] = [];
  const ids = Object.keys(p.attribution);
  if (ids.length > 0) {
    const width = Math.max(5, ...ids.map((id) => id.length));
    lines.push('Attribution (contribution to portfolio return):');
    const sorted = ids.map((id) => [id, p.attribution[id]] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [id, c] of sorted) lines.push(`  ${id.padEnd(width)}  ${pct(c).padStart(9)}`);
    lines.push(`  ${'total'.padEnd(width)}  ${pct(p.totalReturn).padStart(9)}`);
  }
  const unit = correlationPeriod === 'hour' ? 'hourly' : 'daily';
  if (p.correlatedPairs.length === 0) lines.push(`Correlated pairs (${unit} returns > ${threshold.toFixed(2)}): none`);
  else {
    lines.push(`Correlated pairs (${unit} returns > ${threshold.toFixed(2)}):`);
    for (const c of p.correlatedPairs.slice(0, 20)) lines.push(`  ${c.a} ~ ${c.b}  ${c.correlation.toFixed(3)}`);
    if (p.correlatedPairsCount > 20) lines.push(`  ... and ${p.correlatedPairsCount - 20} more (metrics.json lists the ${FLAGGED_IN_SUMMARY} most correlated)`);
  }
  lines.push(`Diversification ratio: ${p.diversificationRatio === null ? 'n/a' : p.diversificationRatio.toFixed(3)}`);
  const o = p.oms;
  if (o) {
    const v = o.venue;
    const alloc = o.allocation ? `${o.allocation.mode} allocation (rebalance ${o.allocation.rebalance})` : 'own-cash sizing';
    lines.push(`OMS: capital ${o.capital.toFixed(2)}, ${alloc}, netting ${o.netting ? 'on' : 'off'}: ${v.venueOrders} venue order(s) for ${v.legs} fill(s), fees ${v.venueFees.toFixed(2)} paid vs ${v.strategyFees.toFixed(2)} booked, saving ${v.feeSaving.toFixed(2)}`);
    if (o.blocked.total > 0) {
      lines.push(`Blocked by portfolio limits: ${o.blocked.total} order(s) (${Object.entries(o.blocked.byLimit).map(([l, n]) => `${l}: ${n}`).join(', ')})`);
    }
    if (o.halted) lines.push(`New entries halted at drawdown ${(o.halted.drawdown * 100).toFixed(2)}%`);
    const open = o.netExposure.filter((e) => Math.abs(e.quantity) > 1e-12);
    if (open.length > 0) lines.push(`Net exposure: ${open.map((e) => `${e.symbol} ${e.quantity.toPrecision(6)} (${e.notional.toFixed(2)})`).join(', ')}`);
  }
  return lines.join('\n');
}
