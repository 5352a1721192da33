import { cciDescriptor } from './cci.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchCCI } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(cciDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchCCI(s, c.timePeriod),
});
