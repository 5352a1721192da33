import { describe, expect, it } from 'vitest';
import { heatCells, metricColumn, neighbourhoods, type ParamAxis, type SweepRow } from './sweep.ts';

const axes: ParamAxis[] = [
  { path: 'a', values: [1, 2, 3] },
  { path: 'b', values: [10, 20] },
];
// sharpe = a * b / 10, except a lone spike at (3, 10) and a skipped row.
const rows: SweepRow[] = axes[0].values.flatMap((a, i) =>
  axes[1].values.map((b, j): SweepRow => ({ combination: i * 2 + j, status: a === 2 && b === 20 ? 'skipped' : 'ok', a, b, sharpe: a === 3 && b === 10 ? 50 : ((a as number) * (b as number)) / 10, max_drawdown: 0.1 * (a as number) })),
);

describe('sweep helpers', () => {
  it('aggregates a metric per parameter pair over the other parameters, skipping rows that did not run', () => {
    const cells = heatCells(rows, 'a', 'b', 'sharpe', 'mean');
    expect(cells).toHaveLength(5);
    expect(cells.find((c) => c.x === '1' && c.y === '20')).toEqual({ x: '1', y: '20', value: 2, n: 1 });
    const byA = heatCells(rows, 'a', 'a', 'sharpe', 'mean');
    expect(byA.find((c) => c.x === '1')?.value, 'mean of 1 and 2').toBe(1.5);
    expect(heatCells(rows, 'a', 'a', 'sharpe', 'best').find((c) => c.x === '3')?.value).toBe(50);
    expect(heatCells(rows, 'a', 'a', 'max_drawdown', 'best').find((c) => c.x === '1')?.value, 'best drawdown is the smallest').toBeCloseTo(0.1);
  });

  it("scores each combination by its grid neighbours (every parameter at most one step away)", () => {
    const hoods = neighbourhoods(rows, axes, 'sharpe');
    const spike = hoods.find((h) => h.combination === 4)!;
    expect(spike.value).toBe(50);
    expect(spike.count, '(2,10) and (3,20); (2,20) was skipped').toBe(2);
    expect(spike.neighbours, 'an isolated peak: neighbours far below').toBe((2 + 6) / 2);
    expect(spike.worstNeighbour).toBe(2);
    expect(hoods.find((h) => h.combination === 0)!.count, '(1,20) and (2,10)').toBe(2);
  });

  it('names the sweep.parquet column of a --metric', () => {
    expect(metricColumn('return')).toBe('total_return');
    expect(metricColumn('sharpe')).toBe('sharpe');
    expect(metricColumn(null)).toBe('sharpe');
  });
});
