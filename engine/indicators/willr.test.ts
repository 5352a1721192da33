import { expect } from 'vitest';
import { willrDescriptor } from './willr.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchWILLR } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(willrDescriptor, {
  configs: [{}, { timePeriod: 2 }],
  batch: (s, c) => batchWILLR(s, c.timePeriod),
  invariant: (out) => { expect(out as number).toBeLessThanOrEqual(1e-9); expect(out as number).toBeGreaterThanOrEqual(-100 - 1e-9); },
});
