import { bopDescriptor } from './bop.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchBOP } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(bopDescriptor, {
  configs: [{}],
  batch: (s) => batchBOP(s),
});
