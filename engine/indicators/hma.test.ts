import { hmaDescriptor } from './hma.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchHMA } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(hmaDescriptor, {
  configs: [{}, { timePeriod: 4 }],
  batch: (s, c) => batchHMA(s.close, c.timePeriod),
});
