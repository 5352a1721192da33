import { t3Descriptor } from './t3.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchT3 } from '../../testkit/indicators/batch-overlap.ts';

// test_ma.c, TA_MAType_T3 rows: TA_MA takes no vFactor, so they are T3's default 0.7 (unstable period 0).
checkIndicator(t3Descriptor, {
  configs: [{}, { timePeriod: 3, vFactor: 0.5 }],
  batch: (s, c) => batchT3(s.close, c.timePeriod, c.vFactor),
  published: [
    { config: { timePeriod: 5 }, begIdx: 24, outIdx: 0, value: 85.73 },
    { config: { timePeriod: 5 }, begIdx: 24, outIdx: 1, value: 84.37 },
    { config: { timePeriod: 5 }, begIdx: 24, outIdx: 226, value: 109.03 },
    { config: { timePeriod: 5 }, begIdx: 24, outIdx: 227, value: 108.88 },
  ],
});
