import { kamaDescriptor } from './kama.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchKAMA } from './fixtures/batch-overlap.ts';

checkIndicator(kamaDescriptor, {
  configs: [{}, { timePeriod: 10 }],
  batch: (s, c) => batchKAMA(s.close, c.timePeriod),
});
