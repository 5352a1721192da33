import { expect } from 'vitest';
import { willrDescriptor } from './willr.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchWILLR } from '../../testkit/indicators/batch-momentum.ts';

// test_per_hlc.c, TA_WILLR_TEST rows. WILLR is a pure window function (each output depends only on the 14 bars
// ending at it), so a row from a call over a shorter range maps to the whole-series output at the same input
// bar: the call from startIdx 13 (= the lookback, TA-Lib's begIdx 13) is the whole-series call; the one-bar calls
// at inputs 24, 25, 26 and 251 and the call from startIdx 14 (its out[237] is input 251) are mapped to outIdx =
// input - 13.
checkIndicator(willrDescriptor, {
  configs: [{}, { timePeriod: 2 }],
  batch: (s, c) => batchWILLR(s, c.timePeriod),
  invariant: (out) => { expect(out as number).toBeLessThanOrEqual(1e-9); expect(out as number).toBeGreaterThanOrEqual(-100 - 1e-9); },
  published: [
    { config: {}, begIdx: 13, outIdx: 0, value: -90.1943 },
    { config: {}, begIdx: 13, outIdx: 1, value: -66.9903 },
    { config: {}, begIdx: 13, outIdx: 112, value: 0 },
    { config: {}, begIdx: 13, outIdx: 11, value: -89.2857 },
    { config: {}, begIdx: 13, outIdx: 12, value: -97.2602 },
    { config: {}, begIdx: 13, outIdx: 13, value: -71.5482 },
    { config: {}, begIdx: 13, outIdx: 238, value: -59.1515 },
  ],
});
