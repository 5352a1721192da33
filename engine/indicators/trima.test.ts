import { trimaDescriptor } from './trima.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taTRIMA } from '../../testkit/indicators/talib-style.ts';

checkIndicator(trimaDescriptor, {
  configs: [{}, { timePeriod: 5 }, { timePeriod: 6 }],
  batch: (s, c) => align(s.close.length, taTRIMA(s.close, c.timePeriod)),
});
