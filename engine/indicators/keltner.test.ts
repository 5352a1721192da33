import { expect } from 'vitest';
import { keltnerDescriptor } from './keltner.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchKeltner } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(keltnerDescriptor, {
  configs: [{}, { timePeriod: 5, atrPeriod: 7, multiplier: 1.5 }],
  batch: (s, c) => batchKeltner(s, c),
  invariant: (out) => { const o = out as { upper: number; lower: number }; expect(o.upper).toBeGreaterThanOrEqual(o.lower); },
});
