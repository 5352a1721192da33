import { expect } from 'vitest';
import { cmoDescriptor } from './cmo.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchCMO } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(cmoDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchCMO(s.close, c.timePeriod),
  invariant: (out) => { expect(Math.abs(out as number)).toBeLessThanOrEqual(100 + 1e-9); },
});
