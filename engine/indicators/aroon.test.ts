import { aroonDescriptor } from './aroon.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchAroon } from './fixtures/batch-momentum.ts';

checkIndicator(aroonDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchAroon(s, c.timePeriod),
});
