import { momDescriptor } from './mom.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchLag } from './fixtures/batch-momentum.ts';

checkIndicator(momDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchLag(s.close, c.timePeriod, 'mom'),
});
