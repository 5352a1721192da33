import { expect } from 'vitest';
import { supertrendDescriptor } from './supertrend.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchSuperTrend } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(supertrendDescriptor, {
  configs: [{}, { atrPeriod: 3, multiplier: 1 }],
  batch: (s, c) => batchSuperTrend(s, c.atrPeriod, c.multiplier),
  invariant: (out) => { expect(Math.abs((out as { direction: number }).direction)).toBe(1); },
});
