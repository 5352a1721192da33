import { t3Descriptor } from './t3.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchT3 } from '../../testkit/indicators/batch-overlap.ts';

checkIndicator(t3Descriptor, {
  configs: [{}, { timePeriod: 3, vFactor: 0.5 }],
  batch: (s, c) => batchT3(s.close, c.timePeriod, c.vFactor),
});
