import { aroonoscDescriptor } from './aroonosc.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchAroonOsc } from './fixtures/batch-momentum.ts';

checkIndicator(aroonoscDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchAroonOsc(s, c.timePeriod),
});
