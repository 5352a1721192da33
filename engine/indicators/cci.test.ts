import { cciDescriptor } from './cci.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchCCI } from '../../testkit/indicators/batch-momentum.ts';

// test_per_hlc.c, TA_CCI_TEST rows. CCI is a pure window function, so the CCI(2) call over inputs 186..187 (whose
// out[1] is input 187, a window of two equal typical prices) maps to outIdx 187 - 1 = 186 of the whole series.
checkIndicator(cciDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchCCI(s, c.timePeriod),
  published: [
    { config: { timePeriod: 2 }, begIdx: 1, outIdx: 0, value: 66.666 },
    { config: { timePeriod: 2 }, begIdx: 1, outIdx: 186, value: 0 },
    { config: { timePeriod: 5 }, begIdx: 4, outIdx: 0, value: 18.857 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 0, value: 87.927 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 1, value: 180.005 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 2, value: 143.5190963 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 3, value: -113.8669783 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 4, value: -111.064497 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 5, value: -26.77393309 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 6, value: -70.77933765 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 7, value: -83.15662884 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 8, value: -41.14421073 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 9, value: -49.63059589 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 10, value: -86.45142995 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 11, value: -105.6275799 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 12, value: -157.698269 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 13, value: -190.5251436 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 14, value: -142.8364298 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 15, value: -122.4448056 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 16, value: -79.95100041 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 17, value: 22.03829204 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 18, value: 7.765575065 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 19, value: 32.38905945 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 20, value: -0.005587727 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 21, value: 43.84607294 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 22, value: 40.35152301 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 23, value: 92.89237535 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 24, value: 113.4778681 },
    { config: { timePeriod: 11 }, begIdx: 10, outIdx: 241, value: -169.65514 },
  ],
});
