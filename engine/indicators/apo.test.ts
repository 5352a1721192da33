import { apoDescriptor } from './apo.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchPO } from './fixtures/batch-momentum.ts';

checkIndicator(apoDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 13, maType: 'ema' }, { fastPeriod: 3, slowPeriod: 7, maType: 'dema' }],
  batch: (s, c) => batchPO(s.close, c, false),
});
