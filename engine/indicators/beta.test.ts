import { betaDescriptor } from './beta.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchBETA, column } from '../../testkit/indicators/batch-stats.ts';

checkIndicator(betaDescriptor, {
  configs: [{}, { timePeriod: 10, input0: 'close', input1: 'open' }],
  batch: (s, c) => batchBETA(column(s, c.input0), column(s, c.input1), c.timePeriod),
});
