import type { EquityPoint } from './activity.ts';

/**
 * The portfolio's equity from its strategies' bar-by-bar equity: at every time any strategy marked, the sum of
 * each strategy's latest equity at or before it (a strategy counts from its first mark on, so one started later
 * adds its capital from then).
 */
export function portfolioEquity(lines: readonly (readonly EquityPoint[])[]): { time: number; equity: number }[] {
  const times = [...new Set(lines.flatMap((l) => l.map((p) => p.time)))].sort((a, b) => a - b);
  const at = lines.map(() => -1);
  const out: { time: number; equity: number }[] = [];
  for (const t of times) {
    let sum = 0;
    lines.forEach((l, i) => {
      while (at[i] + 1 < l.length && l[at[i] + 1].time <= t) at[i]++;
      if (at[i] >= 0) sum += l[at[i]].equity;
    });
    out.push({ time: t, equity: sum });
  }
  return out;
}
