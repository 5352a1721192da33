import { kamaDescriptor } from './kama.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchKAMA } from '../../testkit/indicators/batch-overlap.ts';

checkIndicator(kamaDescriptor, {
  configs: [{}, { timePeriod: 10 }],
  batch: (s, c) => batchKAMA(s.close, c.timePeriod),
});
