import { trangeDescriptor } from './trange.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchTRANGE } from '../../testkit/indicators/batch-volume.ts';

// test_trange.c, TRANGE rows.
checkIndicator(trangeDescriptor, {
  configs: [{}],
  batch: (s) => batchTRANGE(s),
  published: [
    { config: {}, begIdx: 1, outIdx: 0, value: 3.535 },
    { config: {}, begIdx: 1, outIdx: 12, value: 9.685 },
    { config: {}, begIdx: 1, outIdx: 40, value: 5.125 },
    { config: {}, begIdx: 1, outIdx: 250, value: 2.88 },
  ],
});
