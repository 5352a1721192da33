import { aroonoscDescriptor } from './aroonosc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchAroonOsc } from '../../testkit/indicators/batch-momentum.ts';

// test_per_hl.c, TA_AROONOSC_TEST rows; the calls from startIdx 13 (below the lookback 14) equal the whole-series
// call (expected begIdx 14, nbElement 238).
checkIndicator(aroonoscDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchAroonOsc(s, c.timePeriod),
  published: [
    { config: {}, begIdx: 14, outIdx: 0, value: -21.4285 },
    { config: {}, begIdx: 14, outIdx: 6, value: -21.4285 },
    { config: {}, begIdx: 14, outIdx: 7, value: -71.4285 },
    { config: {}, begIdx: 14, outIdx: 236, value: -28.5714 },
    { config: {}, begIdx: 14, outIdx: 237, value: -14.28571 },
  ],
});
