import { adDescriptor } from './ad.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchAD } from '../../testkit/indicators/batch-volume.ts';

checkIndicator(adDescriptor, {
  configs: [{}],
  batch: (s) => batchAD(s),
});
