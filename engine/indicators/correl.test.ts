import { expect } from 'vitest';
import { correlDescriptor } from './correl.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchCORREL, column } from '../../testkit/indicators/batch-stats.ts';

// test_per_hl.c, TA_CORREL_TEST rows: CORREL(high, low), which are this indicator's default inputs.
checkIndicator(correlDescriptor, {
  configs: [{}, { timePeriod: 5, input0: 'close', input1: 'volume' }],
  batch: (s, c) => batchCORREL(column(s, c.input0), column(s, c.input1), c.timePeriod),
  invariant: (out) => { expect(Math.abs(out as number)).toBeLessThanOrEqual(1 + 1e-9); },
  published: [
    { config: { timePeriod: 20 }, begIdx: 19, outIdx: 0, value: 0.9401569 },
    { config: { timePeriod: 20 }, begIdx: 19, outIdx: 1, value: 0.9471812 },
    { config: { timePeriod: 20 }, begIdx: 19, outIdx: 232, value: 0.8866901 },
  ],
});
