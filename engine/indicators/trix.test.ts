import { trixDescriptor } from './trix.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchTRIX } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(trixDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchTRIX(s.close, c.timePeriod),
});
