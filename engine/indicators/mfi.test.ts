import { expect } from 'vitest';
import { mfiDescriptor } from './mfi.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchMFI } from '../../testkit/indicators/batch-momentum.ts';

// test_per_hlcv.c, TA_MFI_TEST rows. MFI(100)'s last value is 48.4264 in TA-Lib's current table; older tables
// printed 48.8421, which no window of this series gives (MFI(98..102) at inputs 248..251 all lie in 47.8..49.2 and
// none is 48.84); the definition and the transcribed ta_MFI.c loop both give 48.42647.
checkIndicator(mfiDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchMFI(s, c.timePeriod),
  invariant: (out) => { expect(out as number).toBeGreaterThanOrEqual(-1e-9); expect(out as number).toBeLessThanOrEqual(100 + 1e-9); },
  published: [
    { config: {}, begIdx: 14, outIdx: 0, value: 42.8923 },
    { config: {}, begIdx: 14, outIdx: 1, value: 45.6072 },
    { config: {}, begIdx: 14, outIdx: 237, value: 53.1997 },
    { config: { timePeriod: 49 }, begIdx: 49, outIdx: 0, value: 44.7902 },
    { config: { timePeriod: 49 }, begIdx: 49, outIdx: 1, value: 43.1963 },
    { config: { timePeriod: 49 }, begIdx: 49, outIdx: 202, value: 57.4806 },
    { config: { timePeriod: 50 }, begIdx: 50, outIdx: 0, value: 44.2414 },
    { config: { timePeriod: 50 }, begIdx: 50, outIdx: 1, value: 42.1108 },
    { config: { timePeriod: 50 }, begIdx: 50, outIdx: 201, value: 50.5905 },
    { config: { timePeriod: 51 }, begIdx: 51, outIdx: 0, value: 43.1496 },
    { config: { timePeriod: 51 }, begIdx: 51, outIdx: 1, value: 40.7692 },
    { config: { timePeriod: 51 }, begIdx: 51, outIdx: 200, value: 51.7265 },
    { config: { timePeriod: 100 }, begIdx: 100, outIdx: 0, value: 50.0166 },
    { config: { timePeriod: 100 }, begIdx: 100, outIdx: 1, value: 50.2648 },
    { config: { timePeriod: 100 }, begIdx: 100, outIdx: 151, value: 48.4264 },
  ],
});
