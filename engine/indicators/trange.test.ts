import { trangeDescriptor } from './trange.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchTRANGE } from '../../testkit/indicators/batch-volume.ts';

checkIndicator(trangeDescriptor, {
  configs: [{}],
  batch: (s) => batchTRANGE(s),
});
