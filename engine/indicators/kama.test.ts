import { kamaDescriptor } from './kama.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchKAMA, exactKAMA } from '../../testkit/indicators/batch-overlap.ts';

checkIndicator(kamaDescriptor, {
  configs: [{}, { timePeriod: 10 }],
  batch: (s, c) => batchKAMA(s.close, c.timePeriod),
  exactBatch: (s, c) => exactKAMA(s.close, c.timePeriod),
});
