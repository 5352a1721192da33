import { midpriceDescriptor } from './midprice.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchMidprice } from './fixtures/batch-overlap.ts';

checkIndicator(midpriceDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchMidprice(s, c.timePeriod),
});
