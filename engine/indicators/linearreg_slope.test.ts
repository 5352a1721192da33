import { linearregSlopeDescriptor } from './linearreg_slope.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchLinReg } from '../../testkit/indicators/batch-stats.ts';

checkIndicator(linearregSlopeDescriptor, {
  configs: [{}, { timePeriod: 2 }],
  batch: (s, c) => batchLinReg(s.close, c.timePeriod, 'slope'),
});
