import { vwapDescriptor } from './vwap.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchVWAP } from './fixtures/batch-extra.ts';

checkIndicator(vwapDescriptor, {
  configs: [{}, { anchor: 'week', source: 'close' }],
  batch: (s, c) => batchVWAP(s, c.anchor, c.source),
});
