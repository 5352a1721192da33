import { ichimokuDescriptor } from './ichimoku.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchIchimoku } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(ichimokuDescriptor, {
  configs: [{}, { tenkanPeriod: 3, kijunPeriod: 5, senkouPeriod: 4 }],
  batch: (s, c) => batchIchimoku(s, c),
});
