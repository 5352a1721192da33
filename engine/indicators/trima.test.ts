import { trimaDescriptor } from './trima.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { align, taTRIMA } from './fixtures/talib-style.ts';

checkIndicator(trimaDescriptor, {
  configs: [{}, { timePeriod: 5 }, { timePeriod: 6 }],
  batch: (s, c) => align(s.close.length, taTRIMA(s.close, c.timePeriod)),
});
