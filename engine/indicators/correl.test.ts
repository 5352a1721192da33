import { expect } from 'vitest';
import { correlDescriptor } from './correl.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchCORREL, column } from '../../testkit/indicators/batch-stats.ts';

checkIndicator(correlDescriptor, {
  configs: [{}, { timePeriod: 5, input0: 'close', input1: 'volume' }],
  batch: (s, c) => batchCORREL(column(s, c.input0), column(s, c.input1), c.timePeriod),
  invariant: (out) => { expect(Math.abs(out as number)).toBeLessThanOrEqual(1 + 1e-9); },
});
