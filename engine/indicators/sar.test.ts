import { sarDescriptor } from './sar.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchSAR } from '../../testkit/indicators/batch-overlap.ts';

checkIndicator(sarDescriptor, {
  configs: [{}, { acceleration: 0.05, maximum: 0.3 }],
  batch: (s, c) => batchSAR(s, c.acceleration, c.maximum),
});
