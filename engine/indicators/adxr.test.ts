import { adxrDescriptor } from './adxr.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchADXR } from '../../testkit/indicators/batch-dm.ts';

// ta_regtest's table for this family was written when these functions rounded to whole numbers (Wilder's
// hand method); the published figures are those integers, so they are checked to within 1. The exact check is
// the transcribed batch reference (fixtures/batch-dm.ts).
checkIndicator(adxrDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchADXR(s, c.timePeriod),
  published: [
    { config: {}, begIdx: 40, outIdx: 0, value: 19, tolerance: 1 },
    { config: {}, begIdx: 40, outIdx: 1, value: 18, tolerance: 1 },
    { config: {}, begIdx: 40, outIdx: 210, value: 22, tolerance: 1 },
    { config: {}, begIdx: 40, outIdx: 211, value: 21, tolerance: 1 },
  ],
});
