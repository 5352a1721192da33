import { dxDescriptor } from './dx.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchDX } from '../../testkit/indicators/batch-dm.ts';

// ta_regtest's table for this family was written when these functions rounded to whole numbers (Wilder's
// hand method); the published figures are those integers, so they are checked to within 1. The exact check is
// the transcribed batch reference (fixtures/batch-dm.ts).
checkIndicator(dxDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchDX(s, c.timePeriod),
  published: [
    { config: {}, begIdx: 14, outIdx: 0, value: 20, tolerance: 1 },
    { config: {}, begIdx: 14, outIdx: 1, value: 9, tolerance: 1 },
    { config: {}, begIdx: 14, outIdx: 2, value: 18, tolerance: 1 },
    { config: {}, begIdx: 14, outIdx: 236, value: 10, tolerance: 1 },
    { config: {}, begIdx: 14, outIdx: 237, value: 0, tolerance: 1 },
  ],
});
