import { natrDescriptor } from './natr.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchNATR } from './fixtures/batch-volume.ts';

checkIndicator(natrDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchNATR(s, c.timePeriod),
});
