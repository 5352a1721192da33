import { momDescriptor } from './mom.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchLag } from '../../testkit/indicators/batch-momentum.ts';

// test_mom.c, TA_MOM_TEST rows for period 14 (not the default 10). MOM is a pure window function, so the
// "middle of data" call over inputs 20..21 maps to outIdx 20 - 14 = 6 and 7 of the whole series.
checkIndicator(momDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchLag(s.close, c.timePeriod, 'mom'),
  published: [
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 0, value: -0.5 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 1, value: -2.0 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 2, value: -5.22 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 237, value: -1.13 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 6, value: -4.15 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 7, value: -5.12 },
  ],
});
