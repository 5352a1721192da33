import type { Line } from '../run-folder/m4.ts';

/**
 * The benchmark line of a run, when metrics.json carries one: `portfolio.benchmark` as
 * `{ label?, time: epoch ms[] | ISO[], value: number[] }` (a price or equity series of, for instance, buy and hold),
 * rebased to `start` (the portfolio's starting equity) so it overlays the portfolio equity. Null when absent or
 * malformed: the report then shows no benchmark and says nothing of one.
 */
export function benchmarkLine(raw: unknown, start: number): { label: string; line: Line } | null {
  if (!raw || typeof raw !== 'object') return null;
  const b = raw as { label?: unknown; time?: unknown; value?: unknown };
  if (!Array.isArray(b.time) || !Array.isArray(b.value) || b.time.length !== b.value.length || b.time.length < 2) return null;
  const t = b.time.map((x) => (typeof x === 'number' ? x : Date.parse(String(x))));
  const v = b.value.map(Number);
  const first = v[0];
  if (!(first > 0) || t.some((x) => !Number.isFinite(x)) || v.some((x) => !Number.isFinite(x))) return null;
  return { label: typeof b.label === 'string' ? b.label : 'benchmark', line: { t, v: v.map((x) => (x / first) * start) } };
}
