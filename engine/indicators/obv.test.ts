import { obvDescriptor } from './obv.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { column } from './fixtures/batch-stats.ts';
import { batchOBV } from './fixtures/batch-volume.ts';

checkIndicator(obvDescriptor, {
  configs: [{}, { source: 'hl2' }],
  batch: (s, c) => batchOBV(s, column(s, c.source)),
});
