import { natrDescriptor } from './natr.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchNATR } from '../../testkit/indicators/batch-volume.ts';

// test_per_hlc.c, TA_NATR_TEST rows (whole series).
checkIndicator(natrDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchNATR(s, c.timePeriod),
  published: [
    { config: {}, begIdx: 14, outIdx: 0, value: 3.9321 },
    { config: {}, begIdx: 14, outIdx: 1, value: 3.7576 },
    { config: {}, begIdx: 14, outIdx: 237, value: 3.0229 },
  ],
});
