import { cciDescriptor } from './cci.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchCCI } from './fixtures/batch-momentum.ts';

checkIndicator(cciDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchCCI(s, c.timePeriod),
});
