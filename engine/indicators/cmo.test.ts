import { expect } from 'vitest';
import { cmoDescriptor } from './cmo.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchCMO } from '../../testkit/indicators/batch-momentum.ts';

// test_rsi.c, TA_CMO_TEST classic row (CMO's unstable period 0); its Metastock row (begIdx 13) is another seeding.
checkIndicator(cmoDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchCMO(s.close, c.timePeriod),
  invariant: (out) => { expect(Math.abs(out as number)).toBeLessThanOrEqual(100 + 1e-9); },
  published: [
    { config: {}, begIdx: 14, outIdx: 0, value: -1.7 },
  ],
});
