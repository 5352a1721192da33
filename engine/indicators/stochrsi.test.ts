import { stochrsiDescriptor } from './stochrsi.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchStochRSI } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(stochrsiDescriptor, {
  configs: [{}, { timePeriod: 14, fastKPeriod: 14, fastDPeriod: 1 }, { timePeriod: 11, fastKPeriod: 13, fastDPeriod: 16 }],
  batch: (s, c) => batchStochRSI(s, c),
  published: [
    { config: { fastKPeriod: 14, fastDPeriod: 1 }, begIdx: 27, outIdx: 0, value: 94.156709, field: 'fastk' },
    { config: { fastKPeriod: 14, fastDPeriod: 1 }, begIdx: 27, outIdx: 224, value: 0, field: 'fastk' },
    { config: { fastKPeriod: 45, fastDPeriod: 1 }, begIdx: 58, outIdx: 0, value: 79.729186, field: 'fastk' },
    { config: { fastKPeriod: 45, fastDPeriod: 1 }, begIdx: 58, outIdx: 193, value: 48.1550743, field: 'fastk' },
    { config: { timePeriod: 11, fastKPeriod: 13, fastDPeriod: 16 }, begIdx: 38, outIdx: 0, value: 5.25947, field: 'fastk' },
    { config: { timePeriod: 11, fastKPeriod: 13, fastDPeriod: 16 }, begIdx: 38, outIdx: 0, value: 57.1711, field: 'fastd' },
    { config: { timePeriod: 11, fastKPeriod: 13, fastDPeriod: 16 }, begIdx: 38, outIdx: 213, value: 15.7303, field: 'fastd' },
  ],
});
