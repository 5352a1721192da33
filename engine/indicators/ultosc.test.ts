import { expect } from 'vitest';
import { ultoscDescriptor } from './ultosc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchULTOSC } from '../../testkit/indicators/batch-momentum.ts';

// test_per_hlc.c, TA_ULTOSC_TEST rows (periods 7, 14, 28: the defaults).
checkIndicator(ultoscDescriptor, {
  configs: [{}, { timePeriod1: 14, timePeriod2: 3, timePeriod3: 5 }],
  batch: (s, c) => batchULTOSC(s, c),
  invariant: (out) => { expect(out as number).toBeGreaterThanOrEqual(-1e-9); expect(out as number).toBeLessThanOrEqual(100 + 1e-9); },
  published: [
    { config: {}, begIdx: 28, outIdx: 0, value: 47.1713 },
    { config: {}, begIdx: 28, outIdx: 1, value: 46.2802 },
    { config: {}, begIdx: 28, outIdx: 223, value: 40.0854 },
  ],
});
