import { ichimokuDescriptor } from './ichimoku.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchIchimoku } from './fixtures/batch-extra.ts';

checkIndicator(ichimokuDescriptor, {
  configs: [{}, { tenkanPeriod: 3, kijunPeriod: 5, senkouPeriod: 4 }],
  batch: (s, c) => batchIchimoku(s, c),
});
