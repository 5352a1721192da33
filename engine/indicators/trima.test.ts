import { trimaDescriptor } from './trima.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taTRIMA } from '../../testkit/indicators/talib-style.ts';

// test_ma.c, TA_MAType_TRIMA rows (whole series, TA_COMPATIBILITY_DEFAULT).
checkIndicator(trimaDescriptor, {
  configs: [{}, { timePeriod: 5 }, { timePeriod: 6 }],
  batch: (s, c) => align(s.close.length, taTRIMA(s.close, c.timePeriod)),
  published: [
    { config: { timePeriod: 10 }, begIdx: 9, outIdx: 0, value: 93.6043 },
    { config: { timePeriod: 10 }, begIdx: 9, outIdx: 1, value: 93.4252 },
    { config: { timePeriod: 10 }, begIdx: 9, outIdx: 241, value: 109.185 },
    { config: { timePeriod: 10 }, begIdx: 9, outIdx: 242, value: 109.1407 },
    { config: { timePeriod: 9 }, begIdx: 8, outIdx: 0, value: 93.8176 },
    { config: { timePeriod: 9 }, begIdx: 8, outIdx: 243, value: 109.1312 },
    { config: { timePeriod: 12 }, begIdx: 11, outIdx: 0, value: 93.5329 },
    { config: { timePeriod: 12 }, begIdx: 11, outIdx: 240, value: 109.1157 },
  ],
});
