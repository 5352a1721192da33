import { MINIMUM_SPAN_DAYS } from '../../engine/metrics/formulas.ts';
import { formatPercent } from '../../engine/format.ts';
import type { NamedBenchmark, StrategyBenchmarks } from './benchmarks.ts';

const pct = (x: number | null) => (x === null ? '–' : formatPercent(x));
const num = (x: number | null) => (x === null ? '–' : x.toFixed(2));

function line(who: string, b: NamedBenchmark): string {
  return `  ${who}  vs ${b.name}: its return ${pct(b.benchmarkReturn)}, excess ${pct(b.excessReturn)}, alpha ${pct(b.alpha)}, beta ${num(b.beta)}, IR ${num(b.informationRatio)}, TE ${pct(b.trackingError)}`;
}

/** The CLI's benchmark lines: each strategy and the portfolio against buy-and-hold and the named benchmark; '' when none. */
export function benchmarkLines(strategies: readonly { id: string; benchmarks: StrategyBenchmarks | null }[], portfolio: StrategyBenchmarks | null): string {
  const rows: [string, StrategyBenchmarks][] = strategies.filter((s) => s.benchmarks !== null).map((s) => [s.id, s.benchmarks!]);
  if (portfolio) rows.push(['portfolio', portfolio]);
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map(([id]) => id.length));
  const out = [`Benchmarks over the same bars (alpha, IR and tracking error annualised, – for spans under ${MINIMUM_SPAN_DAYS} days; see backtest/REFERENCE.md):`];
  for (const [id, b] of rows) {
    out.push(line(id.padEnd(width), b.buyAndHold));
    if (b.benchmark) out.push(line(id.padEnd(width), b.benchmark));
  }
  return out.join('\n');
}
