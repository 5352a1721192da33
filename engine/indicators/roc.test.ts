import { rocDescriptor } from './roc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchLag } from '../../testkit/indicators/batch-momentum.ts';

// test_mom.c, TA_ROC_TEST rows for period 14; the "middle of data" call over inputs 20..21 maps to outIdx 6 and 7.
checkIndicator(rocDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchLag(s.close, c.timePeriod, 'roc'),
  published: [
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 0, value: -0.546 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 1, value: -2.109 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 2, value: -5.53 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 237, value: -1.0367 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 6, value: -4.49 },
    { config: { timePeriod: 14 }, begIdx: 14, outIdx: 7, value: -5.5256 },
  ],
});
