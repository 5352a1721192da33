import { midpointDescriptor } from './midpoint.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchMidpoint } from '../../testkit/indicators/batch-overlap.ts';

checkIndicator(midpointDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchMidpoint(s.close, c.timePeriod),
});
