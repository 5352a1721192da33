import { demaDescriptor } from './dema.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taDEMA } from '../../testkit/indicators/talib-style.ts';

// TA-Lib's published DEMA rows (test_ma.c) run under TA_COMPATIBILITY_METASTOCK, whose EMAs are seeded with the
// first price instead of the SMA of the first timePeriod prices (this indicator's TA-Lib default seeding). The
// first outputs therefore differ (out[0] = 83.785 there, 83.096 here), and only the last output applies: by input
// 251 the seed's weight has decayed by (13/15)^225 ~ 1e-14, so both seedings print the same value. The row with
// one unstable bar (begIdx 28, out[223] = 109.4676) is the same input bar 251, hence out[225] from begIdx 26.
checkIndicator(demaDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => align(s.close.length, taDEMA(s.close, c.timePeriod)),
  published: [
    { config: { timePeriod: 14 }, begIdx: 26, outIdx: 225, value: 109.467 },
    { config: { timePeriod: 14 }, begIdx: 26, outIdx: 225, value: 109.4676 },
  ],
});
