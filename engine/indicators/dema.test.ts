import { demaDescriptor } from './dema.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { align, taDEMA } from './fixtures/talib-style.ts';

checkIndicator(demaDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => align(s.close.length, taDEMA(s.close, c.timePeriod)),
});
