import { apoDescriptor } from './apo.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchPO } from '../../testkit/indicators/batch-momentum.ts';

checkIndicator(apoDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 13, maType: 'ema' }, { fastPeriod: 3, slowPeriod: 7, maType: 'dema' }],
  batch: (s, c) => batchPO(s.close, c, false),
});
