import { bopDescriptor } from './bop.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchBOP } from '../../testkit/indicators/batch-momentum.ts';

// test_per_ohlc.c, TA_BOP_TEST rows.
checkIndicator(bopDescriptor, {
  configs: [{}],
  batch: (s) => batchBOP(s),
  published: [
    { config: {}, begIdx: 0, outIdx: 0, value: -0.4 },
    { config: {}, begIdx: 0, outIdx: 1, value: 0.94 },
  ],
});
