import { vwapDescriptor } from './vwap.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchVWAP } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(vwapDescriptor, {
  configs: [{}, { anchor: 'week', source: 'close' }],
  batch: (s, c) => batchVWAP(s, c.anchor, c.source),
});
