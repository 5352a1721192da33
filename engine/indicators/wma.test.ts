import { wmaDescriptor } from './wma.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taWMA } from '../../testkit/indicators/talib-style.ts';

// test_ma.c also lists WMA(30) out[221] = 109.3413 and out[222] = 109.3466: its own formula (the transcribed
// ta_WMA.c loop in fixtures/talib-style.ts, and this indicator) gives exactly those two values the other way
// round on its data, so those two rows are left out as a transposition in the table.
checkIndicator(wmaDescriptor, {
  configs: [{}, { timePeriod: 2 }, { timePeriod: 1 }],
  batch: (s, c) => align(s.close.length, taWMA(s.close, c.timePeriod)),
  published: [
    { config: {}, begIdx: 29, outIdx: 0, value: 88.567 },
    { config: {}, begIdx: 29, outIdx: 1, value: 88.233 },
    { config: {}, begIdx: 29, outIdx: 2, value: 88.034 },
    { config: {}, begIdx: 29, outIdx: 29, value: 87.191 },
    { config: { timePeriod: 2 }, begIdx: 1, outIdx: 0, value: 93.71 },
    { config: { timePeriod: 2 }, begIdx: 1, outIdx: 1, value: 94.52 },
    { config: { timePeriod: 2 }, begIdx: 1, outIdx: 2, value: 94.85 },
    { config: { timePeriod: 2 }, begIdx: 1, outIdx: 250, value: 108.16 },
  ],
});
