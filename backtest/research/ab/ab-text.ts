import type { AbDocument } from './ab-job.ts';

const pct = (v: number | null, d = 2) => (v === null ? 'n/a' : `${(v * 100).toFixed(d)}%`);
const num = (v: number | null, d = 2) => (v === null ? 'n/a' : v.toFixed(d));
const p4 = (p: number | null) => (p === null ? 'n/a' : p < 0.0001 ? '<0.0001' : p.toFixed(4));

/** The terminal summary of an A/B run: the variants, then one block per comparison with its verdict first. */
export function abSummaryText(doc: AbDocument): string {
  const lines: string[] = [];
  const w = Math.max(...doc.variants.map((v) => v.name.length), 8);
  lines.push(`${'Variant'.padEnd(w)}  ${'Return'.padStart(9)}  ${'Sharpe'.padStart(7)}  ${'Sharpe/bar'.padStart(10)}  ${'Max DD'.padStart(8)}  ${'Trades'.padStart(6)}`);
  for (const v of doc.variants) {
    lines.push(`${v.name.padEnd(w)}  ${pct(v.totalReturn).padStart(9)}  ${(v.sharpe === null ? '–' : num(v.sharpe)).padStart(7)}  ${(v.sharpePerBar === null || v.sharpePerBar === undefined ? '–' : v.sharpePerBar.toFixed(4)).padStart(10)}  ${pct(v.maxDrawdown).padStart(8)}  ${String(v.trades).padStart(6)}`);
  }
  lines.push(`Sharpe/bar: mean / sd of per-bar returns, not annualised. Comparison Sharpe: ${doc.sharpeBasis ?? 'annualised'}.`);
  for (const c of doc.comparisons) {
    const t = c.tTest;
    lines.push('');
    lines.push(`${c.variant} vs ${c.control}: ${c.verdict.text}`);
    lines.push(`  ${c.periods} ${doc.period} periods; mean difference ${num(t.meanDiff === null ? null : t.meanDiff * 100, 4)} pp/period; paired t ${num(t.t)}, p ${p4(t.p)} (level ${c.alpha.toFixed(4)})`);
    lines.push(`  sign test ${c.signTest.positive}+ / ${c.signTest.negative}− / ${c.signTest.zero}=, p ${p4(c.signTest.p)}; Wilcoxon p ${p4(c.wilcoxon.p)}`);
    const s = c.sharpe;
    lines.push(`  Sharpe ${num(s.variant)} vs ${num(s.control)}: difference ${num(s.diff)}, ${pct(s.level, 0)} bootstrap CI ${s.low === null ? 'n/a' : `[${num(s.low)}, ${num(s.high)}]`} (${s.resamples} resamples, seed ${s.seed})`);
    const need = c.power.requiredPeriods;
    lines.push(`  power: effect size d ${num(c.power.effectSize, 4)}; ${need === null ? 'no effect to detect' : `~${need} periods needed for ${pct(c.power.power, 0)} power`}`);
    lines.push(`  ${c.verdict.detail}`);
  }
  return lines.join('\n');
}
