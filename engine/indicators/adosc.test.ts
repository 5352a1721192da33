import { adoscDescriptor } from './adosc.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchADOSC } from '../../testkit/indicators/batch-volume.ts';

checkIndicator(adoscDescriptor, {
  configs: [{}, { fastPeriod: 5, slowPeriod: 2 }],
  batch: (s, c) => batchADOSC(s, c.fastPeriod, c.slowPeriod),
});
