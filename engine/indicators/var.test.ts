import { varDescriptor } from './var.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchVAR } from '../../testkit/indicators/batch-stats.ts';

checkIndicator(varDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchVAR(s.close, c.timePeriod),
});
