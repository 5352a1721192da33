import { trixDescriptor } from './trix.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchTRIX } from '../../testkit/indicators/batch-momentum.ts';

// test_per_ema.c, TA_TRIX_TEST rows (EMA unstable period 0; the Metastock-seeded rows there are disabled).
checkIndicator(trixDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchTRIX(s.close, c.timePeriod),
  published: [
    { config: { timePeriod: 5 }, begIdx: 13, outIdx: 0, value: 0.2589 },
    { config: { timePeriod: 5 }, begIdx: 13, outIdx: 1, value: 0.010495 },
    { config: { timePeriod: 5 }, begIdx: 13, outIdx: 237, value: -0.058 },
    { config: { timePeriod: 5 }, begIdx: 13, outIdx: 238, value: -0.095 },
  ],
});
