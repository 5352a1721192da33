import { sarDescriptor } from './sar.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchSAR } from './fixtures/batch-overlap.ts';

checkIndicator(sarDescriptor, {
  configs: [{}, { acceleration: 0.05, maximum: 0.3 }],
  batch: (s, c) => batchSAR(s, c.acceleration, c.maximum),
});
