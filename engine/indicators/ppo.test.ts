import { ppoDescriptor } from './ppo.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchPO } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(ppoDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 13, maType: 'ema' }],
  batch: (s, c) => batchPO(s.close, c, true),
});
