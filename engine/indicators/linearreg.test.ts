import { linearregDescriptor } from './linearreg.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchLinReg } from '../../testkit/indicators/batch-stats.ts';

checkIndicator(linearregDescriptor, {
  configs: [{}, { timePeriod: 2 }],
  batch: (s, c) => batchLinReg(s.close, c.timePeriod, 'value'),
});
