import { betaDescriptor } from './beta.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchBETA, column } from './fixtures/batch-stats.ts';

checkIndicator(betaDescriptor, {
  configs: [{}, { timePeriod: 10, input0: 'close', input1: 'open' }],
  batch: (s, c) => batchBETA(column(s, c.input0), column(s, c.input1), c.timePeriod),
});
