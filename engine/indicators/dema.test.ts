import { demaDescriptor } from './dema.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taDEMA } from '../../testkit/indicators/talib-style.ts';

checkIndicator(demaDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => align(s.close.length, taDEMA(s.close, c.timePeriod)),
});
