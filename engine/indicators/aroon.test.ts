import { aroonDescriptor } from './aroon.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchAroon } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(aroonDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchAroon(s, c.timePeriod),
});
