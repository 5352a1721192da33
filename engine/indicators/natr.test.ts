import { natrDescriptor } from './natr.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchNATR } from '../../testkit/indicators/batch-volume.ts';

checkIndicator(natrDescriptor, {
  configs: [{}, { timePeriod: 1 }],
  batch: (s, c) => batchNATR(s, c.timePeriod),
});
