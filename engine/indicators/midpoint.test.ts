import { midpointDescriptor } from './midpoint.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchMidpoint } from './fixtures/batch-overlap.ts';

checkIndicator(midpointDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchMidpoint(s.close, c.timePeriod),
});
