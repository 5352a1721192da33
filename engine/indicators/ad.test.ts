import { adDescriptor } from './ad.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchAD } from './fixtures/batch-volume.ts';

checkIndicator(adDescriptor, {
  configs: [{}],
  batch: (s) => batchAD(s),
});
