import { trangeDescriptor } from './trange.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchTRANGE } from './fixtures/batch-volume.ts';

checkIndicator(trangeDescriptor, {
  configs: [{}],
  batch: (s) => batchTRANGE(s),
});
