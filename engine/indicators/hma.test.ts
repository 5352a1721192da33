import { hmaDescriptor } from './hma.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchHMA } from './fixtures/batch-extra.ts';

checkIndicator(hmaDescriptor, {
  configs: [{}, { timePeriod: 4 }],
  batch: (s, c) => batchHMA(s.close, c.timePeriod),
});
