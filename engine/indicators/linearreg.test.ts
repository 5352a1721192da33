import { linearregDescriptor } from './linearreg.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchLinReg } from './fixtures/batch-stats.ts';

checkIndicator(linearregDescriptor, {
  configs: [{}, { timePeriod: 2 }],
  batch: (s, c) => batchLinReg(s.close, c.timePeriod, 'value'),
});
