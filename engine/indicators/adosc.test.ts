import { adoscDescriptor } from './adosc.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchADOSC } from './fixtures/batch-volume.ts';

checkIndicator(adoscDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 2 }],
  batch: (s, c) => batchADOSC(s, c.fastPeriod, c.slowPeriod),
});
