import { temaDescriptor } from './tema.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { align, taTEMA } from './fixtures/talib-style.ts';

checkIndicator(temaDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => align(s.close.length, taTEMA(s.close, c.timePeriod)),
});
