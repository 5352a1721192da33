import { temaDescriptor } from './tema.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taTEMA } from '../../testkit/indicators/talib-style.ts';

checkIndicator(temaDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => align(s.close.length, taTEMA(s.close, c.timePeriod)),
});
