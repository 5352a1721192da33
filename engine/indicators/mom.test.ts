import { momDescriptor } from './mom.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchLag } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(momDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchLag(s.close, c.timePeriod, 'mom'),
});
