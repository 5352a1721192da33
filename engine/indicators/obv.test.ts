import { obvDescriptor } from './obv.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { column } from '../../testkit/indicators/batch-stats.ts';
import { batchOBV } from '../../testkit/indicators/batch-volume.ts';

checkIndicator(obvDescriptor, {
  configs: [{}, { source: 'hl2' }],
  batch: (s, c) => batchOBV(s, column(s, c.source)),
});
