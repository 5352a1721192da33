import { varDescriptor } from './var.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchVAR } from './fixtures/batch-stats.ts';

checkIndicator(varDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchVAR(s.close, c.timePeriod),
});
