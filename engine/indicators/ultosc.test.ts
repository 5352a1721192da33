import { expect } from 'vitest';
import { ultoscDescriptor } from './ultosc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchULTOSC } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(ultoscDescriptor, {
  configs: [{}, { timePeriod1: 14, timePeriod2: 3, timePeriod3: 5 }],
  batch: (s, c) => batchULTOSC(s, c),
  invariant: (out) => { expect(out as number).toBeGreaterThanOrEqual(-1e-9); expect(out as number).toBeLessThanOrEqual(100 + 1e-9); },
});
