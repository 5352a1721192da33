import { expect } from 'vitest';
import { mfiDescriptor } from './mfi.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchMFI } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(mfiDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchMFI(s, c.timePeriod),
  invariant: (out) => { expect(out as number).toBeGreaterThanOrEqual(-1e-9); expect(out as number).toBeLessThanOrEqual(100 + 1e-9); },
});
