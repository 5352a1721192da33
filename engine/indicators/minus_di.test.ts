import { minusDiDescriptor } from './minus_di.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchDI } from '../../testkit/indicators/batch-dm.ts';

// ta_regtest's table for this family was written when these functions rounded to whole numbers (Wilder's
// hand method); the published figures are those integers, so they are checked to within 1. The exact check is
// the transcribed batch reference (fixtures/batch-dm.ts).
checkIndicator(minusDiDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchDI(s, c.timePeriod, 'minus'),
  published: [
    { config: {}, begIdx: 14, outIdx: 0, value: 30, tolerance: 1 },
    { config: {}, begIdx: 14, outIdx: 14, value: 25, tolerance: 1 },
    { config: {}, begIdx: 14, outIdx: 237, value: 21, tolerance: 1 },
  ],
});
