import { trixDescriptor } from './trix.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchTRIX } from './fixtures/batch-momentum.ts';

checkIndicator(trixDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchTRIX(s.close, c.timePeriod),
});
