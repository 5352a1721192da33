import { stddevDescriptor } from './stddev.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchSTDDEV } from '../../testkit/indicators/batch-stats.ts';

// test_stddev.c rows. The nbDev 1.5 last value is TA-Lib's corrected 1.071533 (1.5 x the nbDev 1 row's
// 0.714356); older tables printed 1.075, which only passed inside TA-Lib's 0.01 band.
checkIndicator(stddevDescriptor, {
  configs: [{}, { timePeriod: 20, nbDev: 2 }],
  batch: (s, c) => batchSTDDEV(s.close, c.timePeriod, c.nbDev),
  published: [
    { config: { timePeriod: 5, nbDev: 1 }, begIdx: 4, outIdx: 0, value: 1.2856 },
    { config: { timePeriod: 5, nbDev: 1 }, begIdx: 4, outIdx: 1, value: 0.4462 },
    { config: { timePeriod: 5, nbDev: 1 }, begIdx: 4, outIdx: 247, value: 0.7144 },
    { config: { timePeriod: 5, nbDev: 1.5 }, begIdx: 4, outIdx: 0, value: 1.9285 },
    { config: { timePeriod: 5, nbDev: 1.5 }, begIdx: 4, outIdx: 1, value: 0.66937 },
    { config: { timePeriod: 5, nbDev: 1.5 }, begIdx: 4, outIdx: 247, value: 1.071533 },
  ],
});
