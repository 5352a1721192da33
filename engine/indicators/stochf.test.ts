import { expect } from 'vitest';
import { stochfDescriptor } from './stochf.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchStochF } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(stochfDescriptor, {
  configs: [{}, { fastKPeriod: 3, fastDPeriod: 2, fastDMAType: 'ema' }],
  batch: (s, c) => batchStochF(s, c),
  invariant: (out) => { const o = out as { fastk: number }; expect(o.fastk).toBeGreaterThanOrEqual(-1e-9); expect(o.fastk).toBeLessThanOrEqual(100 + 1e-9); },
});
