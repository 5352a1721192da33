import { describe, expect, it } from 'vitest';
import { decodeRow, defaultBatchSize, encodeRow, jobId, planBatches, type StoredRow } from './job.ts';

describe('planBatches', () => {
  it('covers every combination once, in order, the last batch shorter', () => {
    const b = planBatches(10, 4);
    expect(b).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(planBatches(0, 4)).toEqual([]);
  });

  it('defaults to about 128 jobs of at most 32 combinations', () => {
    expect(defaultBatchSize(12)).toBe(1);
    expect(defaultBatchSize(1280)).toBe(10);
    expect(defaultBatchSize(100_000)).toBe(32);
  });

  it('job ids carry no colon (BullMQ forbids it)', () => {
    expect(jobId('20240101T000000Z-abcd1234', 7)).toBe('20240101T000000Z-abcd1234-b7');
  });
});

describe('row encoding', () => {
  it('keeps every number exactly, -0, NaN and infinities included', () => {
    const perf = { totalReturn: -0, sharpeRatio: Number.NaN, sortinoRatio: Number.POSITIVE_INFINITY, calmarRatio: Number.NEGATIVE_INFINITY, equity: 0.1 + 0.2, bars: 5e-324 };
    const row = { combination: 3, status: 'ok', reason: null, metrics: { id: 'x', performance: perf }, worker: 'w1' } as unknown as StoredRow;
    const back = decodeRow(encodeRow(row)) as unknown as { metrics: { performance: typeof perf } };
    const p = back.metrics.performance;
    expect(Object.is(p.totalReturn, -0), '-0 survives').toBe(true);
    expect(Number.isNaN(p.sharpeRatio)).toBe(true);
    expect(p.sortinoRatio).toBe(Number.POSITIVE_INFINITY);
    expect(p.calmarRatio).toBe(Number.NEGATIVE_INFINITY);
    expect(p.equity).toBe(0.1 + 0.2);
    expect(p.bars).toBe(5e-324);
  });
});
