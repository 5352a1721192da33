import { stddevDescriptor } from './stddev.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchSTDDEV } from '../../testkit/indicators/batch-stats.ts';

checkIndicator(stddevDescriptor, {
  configs: [{}, { timePeriod: 20, nbDev: 2 }],
  batch: (s, c) => batchSTDDEV(s.close, c.timePeriod, c.nbDev),
});
