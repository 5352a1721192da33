import { midpriceDescriptor } from './midprice.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchMidprice } from '../../testkit/indicators/batch-overlap.ts';

checkIndicator(midpriceDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchMidprice(s, c.timePeriod),
});
