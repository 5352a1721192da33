import { aroonoscDescriptor } from './aroonosc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchAroonOsc } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(aroonoscDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchAroonOsc(s, c.timePeriod),
});
