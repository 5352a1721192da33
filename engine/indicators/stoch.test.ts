import { expect } from 'vitest';
import { stochDescriptor } from './stoch.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchStoch } from '../../testkit/indicators/batch-momentum.ts';

// test_stoch.c prints the first slow %K as 24.0128 where TA-Lib's formula gives 24.01218 (a misprint its own
// harness accepts, its tolerance being 0.01): that row is checked with TA-Lib's tolerance.
checkIndicator(stochDescriptor, {
  configs: [{}, { fastKPeriod: 14, slowKPeriod: 3, slowKMAType: 'ema', slowDPeriod: 4, slowDMAType: 'sma' }],
  batch: (s, c) => batchStoch(s, c),
  published: [
    { config: {}, begIdx: 8, outIdx: 0, value: 24.0128, field: 'slowk', tolerance: 0.01 },
    { config: {}, begIdx: 8, outIdx: 0, value: 36.254, field: 'slowd' },
    { config: {}, begIdx: 8, outIdx: 243, value: 30.194, field: 'slowk' },
    { config: {}, begIdx: 8, outIdx: 243, value: 43.69, field: 'slowd' },
    { config: { slowDPeriod: 4 }, begIdx: 9, outIdx: 242, value: 30.194, field: 'slowk' },
    { config: { slowDPeriod: 4 }, begIdx: 9, outIdx: 242, value: 46.641, field: 'slowd' },
  ],
  invariant: (out) => { const o = out as { slowk: number; slowd: number }; expect(o.slowk).toBeGreaterThanOrEqual(-1e-9); expect(o.slowk).toBeLessThanOrEqual(100 + 1e-9); },
});
