import { zscoreDescriptor } from './zscore.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchZScore } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(zscoreDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => batchZScore(s.close, c.timePeriod),
});
