import { adxDescriptor } from './adx.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchADX } from '../../testkit/indicators/batch-dm.ts';

// ta_regtest's table for this family was written when these functions rounded to whole numbers (Wilder's
// hand method); the published figures are those integers, so they are checked to within 1. The exact check is
// the transcribed batch reference (fixtures/batch-dm.ts).
checkIndicator(adxDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchADX(s, c.timePeriod),
  published: [
    { config: {}, begIdx: 27, outIdx: 0, value: 23, tolerance: 1 },
    { config: {}, begIdx: 27, outIdx: 1, value: 22, tolerance: 1 },
    { config: {}, begIdx: 27, outIdx: 223, value: 17, tolerance: 1 },
    { config: {}, begIdx: 27, outIdx: 224, value: 16, tolerance: 1 },
  ],
});
