import { t3Descriptor } from './t3.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchT3 } from './fixtures/batch-overlap.ts';

checkIndicator(t3Descriptor, {
  configs: [{}, { timePeriod: 3, vFactor: 0.5 }],
  batch: (s, c) => batchT3(s.close, c.timePeriod, c.vFactor),
});
