import { temaDescriptor } from './tema.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { align, taTEMA } from '../../testkit/indicators/talib-style.ts';

// TA-Lib's published TEMA rows (test_ma.c) run under TA_COMPATIBILITY_METASTOCK (EMAs seeded with the first price,
// not the SMA this indicator uses as TA-Lib's default does): out[0] = 84.721 and out[1] = 84.089 there are 84.863 and
// 84.225 here. The last output is past the seed's influence ((13/15)^212 ~ 1e-13) and is the one that applies.
checkIndicator(temaDescriptor, {
  configs: [{}, { timePeriod: 5 }],
  batch: (s, c) => align(s.close.length, taTEMA(s.close, c.timePeriod)),
  published: [
    { config: { timePeriod: 14 }, begIdx: 39, outIdx: 212, value: 108.418 },
  ],
});
