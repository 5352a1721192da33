import { kamaDescriptor } from './kama.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchKAMA, exactKAMA } from '../../testkit/indicators/batch-overlap.ts';

// test_ma.c, TA_MAType_KAMA rows (whole series, KAMA's unstable period 0, which is this indicator's behaviour).
checkIndicator(kamaDescriptor, {
  configs: [{}, { timePeriod: 10 }],
  batch: (s, c) => batchKAMA(s.close, c.timePeriod),
  exactBatch: (s, c) => exactKAMA(s.close, c.timePeriod),
  published: [
    { config: { timePeriod: 10 }, begIdx: 10, outIdx: 0, value: 92.6575 },
    { config: { timePeriod: 10 }, begIdx: 10, outIdx: 1, value: 92.7783 },
    { config: { timePeriod: 10 }, begIdx: 10, outIdx: 241, value: 109.294 },
  ],
});
