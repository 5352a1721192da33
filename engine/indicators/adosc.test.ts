import { adoscDescriptor } from './adosc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchADOSC } from '../../testkit/indicators/batch-volume.ts';

// test_per_hlcv.c, TA_ADOSC_3_10_TEST and TA_ADOSC_5_2_TEST rows.
checkIndicator(adoscDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 2 }],
  batch: (s, c) => batchADOSC(s, c.fastPeriod, c.slowPeriod),
  published: [
    { config: {}, begIdx: 9, outIdx: 0, value: 841238.32 },
    { config: {}, begIdx: 9, outIdx: 1, value: 2255663.07 },
    { config: {}, begIdx: 9, outIdx: 241, value: -526700.32 },
    { config: {}, begIdx: 9, outIdx: 242, value: -1139932.729 },
    { config: { fastPeriod: 5, slowPeriod: 2 }, begIdx: 4, outIdx: 0, value: 585361.28 },
  ],
});
