import { apoDescriptor } from './apo.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchPO } from '../../testkit/indicators/batch-momentum.ts';

// test_po.c, TA_APO rows. SMA rows apply as published (compatibility does not change an SMA). The EMA rows run
// under TA_COMPATIBILITY_METASTOCK (EMAs seeded with the first price, not the SMA this indicator uses, TA-Lib's
// default): out[0] = -2.4193 there is -3.3124 here; only the last output, past the seed's influence ((25/27)^226 ~
// 3e-8 of the seed gap), applies. The rows with fastPeriod 26 > slowPeriod 12 are left out: TA-Lib swaps the two
// silently, this indicator's config rejects fastPeriod >= slowPeriod.
checkIndicator(apoDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 13, maType: 'ema' }, { fastPeriod: 3, slowPeriod: 7, maType: 'dema' }],
  batch: (s, c) => batchPO(s.close, c, false),
  published: [
    { config: { fastPeriod: 12, slowPeriod: 26 }, begIdx: 25, outIdx: 0, value: -3.3124 },
    { config: { fastPeriod: 12, slowPeriod: 26 }, begIdx: 25, outIdx: 1, value: -3.5876 },
    { config: { fastPeriod: 12, slowPeriod: 26 }, begIdx: 25, outIdx: 226, value: -0.1667 },
    { config: { fastPeriod: 12, slowPeriod: 26, maType: 'ema' }, begIdx: 25, outIdx: 226, value: 0.90401 },
  ],
});
