import { adDescriptor } from './ad.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchAD } from '../../testkit/indicators/batch-volume.ts';

// test_per_hlcv.c, TA_AD_TEST rows.
checkIndicator(adDescriptor, {
  configs: [{}],
  batch: (s) => batchAD(s),
  published: [
    { config: {}, begIdx: 0, outIdx: 0, value: -1631000.0 },
    { config: {}, begIdx: 0, outIdx: 1, value: 2974412.02 },
    { config: {}, begIdx: 0, outIdx: 250, value: 8707691.07 },
    { config: {}, begIdx: 0, outIdx: 251, value: 8328944.54 },
  ],
});
