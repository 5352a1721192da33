import { zscoreDescriptor } from './zscore.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchZScore } from './fixtures/batch-extra.ts';

checkIndicator(zscoreDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchZScore(s.close, c.timePeriod),
});
