import { ppoDescriptor } from './ppo.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchPO } from '../../testkit/indicators/batch-momentum.ts';

// test_po.c, TA_PPO rows. SMA rows apply as published; PPO(2, 3) out[1] is printed -0.02813 where the definition
// gives -0.0281408 ((94.735 - 94.7617) / 94.7617 * 100), inside TA-Lib's own 0.01 band, so that row carries TA-Lib's
// tolerance. The EMA rows run under TA_COMPATIBILITY_METASTOCK (first-price seeding, not this indicator's SMA
// seed): only the last output, past the seed's influence, applies. Rows with fastPeriod > slowPeriod are left out
// (TA-Lib swaps them; this config rejects them).
checkIndicator(ppoDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 13, maType: 'ema' }],
  batch: (s, c) => batchPO(s.close, c, true),
  published: [
    { config: { fastPeriod: 2, slowPeriod: 3 }, begIdx: 2, outIdx: 0, value: 1.10264 },
    { config: { fastPeriod: 2, slowPeriod: 3 }, begIdx: 2, outIdx: 1, value: -0.02813, tolerance: 0.01 },
    { config: { fastPeriod: 2, slowPeriod: 3 }, begIdx: 2, outIdx: 249, value: -0.21191 },
    { config: { fastPeriod: 12, slowPeriod: 26 }, begIdx: 25, outIdx: 0, value: -3.6393 },
    { config: { fastPeriod: 12, slowPeriod: 26 }, begIdx: 25, outIdx: 1, value: -3.9534 },
    { config: { fastPeriod: 12, slowPeriod: 26 }, begIdx: 25, outIdx: 226, value: -0.15281 },
    { config: { fastPeriod: 12, slowPeriod: 26, maType: 'ema' }, begIdx: 25, outIdx: 226, value: 0.83644 },
  ],
});
