import { bopDescriptor } from './bop.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchBOP } from './fixtures/batch-momentum.ts';

checkIndicator(bopDescriptor, {
  configs: [{}],
  batch: (s) => batchBOP(s),
});
